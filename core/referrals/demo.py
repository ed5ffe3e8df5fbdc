"""Fictional schools and local authorities for the demo instance (addresses at example.org)."""

from importlib.resources import files

from core.models.referrals import LocalAuthority, School
from core.referrals.schools import import_gias_csv

DSL_ADDRESSES = {
    "990001": "dsl.ashby-primary@example.org",
    "990002": "safeguarding.stmarys@example.org",
    "990003": "dsl@northtown-academy.example.org",
    "990004": "dsl.southmere-infants@example.org",
    "990005": "safeguarding@southmere-high.example.org",
    "990006": "dsl.riverside-junior@example.org",
}
EHE_ADDRESSES = {"990": "ehe@demoshire.example.org", "991": "home.education@southmere.example.org"}


def load_demo_schools(session):
    """Import the fictional schools (as from Get Information About Schools) and their DSL
    addresses; return how many schools were added. Called by ``mad init --demo``."""
    text = files("core.referrals").joinpath("demo_schools.csv").read_text(encoding="utf-8")
    result = import_gias_csv(session, text, who="demo")
    session.flush()
    for urn, email in DSL_ADDRESSES.items():
        session.get(School, urn).dsl_email = email
    for code, email in EHE_ADDRESSES.items():
        session.get(LocalAuthority, code).ehe_email = email
    return result.added
