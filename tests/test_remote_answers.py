"""What a remote system says is reduced to a code and a short checked reason before it is stored or shown."""

import pytest

from core.toolkit import reduce_answer

SENT = "Your crime reference is 06/123456/26. PC 1234 Jones will call you this week."


@pytest.mark.parametrize("code, text, kept", [
    ("Server", "PoliceWorks is unavailable: try again later", "Server: PoliceWorks is unavailable: try again later"),
    (21211, None, "21211"),
    ("4.2.1", "", "4.2.1"),
    ("Server", f"Could not store: {SENT}", "Server"),                  # digits: a reference, a number
    ("Client", "Mailbox full for victim@example.org", "Client"),       # an address
    ("Server", "لا يمكن تخزين الرسالة", "Server"),                      # another script: the victim's own words?
    ("Server", "<b>Internal</b> error", "Server"),                     # markup
    ("Server", "word " * 13, "Server"),                                # too many words
    ("Server", "x" * 81, "Server"),                                    # too long
    ("Your crime reference is 06/123456/26", "Bad request", "Bad request"),  # a code that is not a code
    (None, None, "no readable code or reason"),
])
def test_only_a_code_and_plain_short_words_are_kept(code, text, kept):
    assert str(reduce_answer(code, text)) == kept


def test_words_that_repeat_what_was_sent_are_left_out_even_when_plain():
    answer = reduce_answer("Server", "Rejected: will call you this week", private=[SENT])
    assert (answer.code, answer.reason, answer.cut) == ("Server", None, True)
    assert answer.describe() == "Server (its other words were left out)"
    assert reduce_answer("Server", "Rejected: try again later", private=[SENT]).reason == "Rejected: try again later"
