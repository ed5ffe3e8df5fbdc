"""The steps several features share, each defined once (pytest-bdd finds step definitions here).

Each step acts on the feature's own ``case`` fixture, which builds on
:class:`tests.features.scenario.Scenario`.
"""

from pytest_bdd import given, parsers, then

from tests.features.pages import page_of, squash


@given("texts and emails go to the sandbox, which keeps what the victim would receive instead of sending it")
def sandbox_channels(case):
    """The app's channels are the sandbox's text and email ones, and no others."""
    assert {kind: channel.name for kind, channel in case.mad.channels.items()} == {"sms": "sandbox_sms",
                                                                                   "email": "sandbox_email"}


@given(parsers.parse("I am signed in as an officer, {name}"))
def signed_in_officer(case, signed_in, name):
    """A browser signed in through the sign-in form as a new officer called ``name``."""
    case.client, case.user = signed_in(case.app, "officer", display_name=name)


@given(parsers.parse("I am dealing with crime {reference}"))
def dealing_with(case, reference):
    """The crime the officer's next steps are about."""
    case.reference = reference


@given(parsers.parse("PoliceWorks knows crime {reference}"))
def policeworks_knows(case, reference):
    """The PoliceWorks simulator holds the crime."""
    assert case.simulator.store.lookup(reference) is not None


@then(parsers.parse('the referral says "{status}"'))
def referral_says(case, status):
    """The referral's page (``case.referral``) shows ``status``."""
    assert squash(page_of(case.client.get(case.referral)).one("dd", data_status=True).text) == status
