"""Officer tasks for Operation Encompass: notify a child's school from the crime page, on a phone.

Each field is tapped before typing (a pointing interaction), as on a phone; the incident date and
the notifying officer's name and contact come prefilled. The voice of the child (40 words) is
typed separately, as the issue asks: its length is the child's, not the officer's.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from benchmarks.officer_time import task

CRIME = "06/123456/26"
VOICE = ("Mummy and daddy were shouting in the kitchen and I heard a bang. I went under my bed with my "
         "rabbit because I was scared. My little brother sat with me. Can I still go to school tomorrow, "
         "please, miss?")
assert len(VOICE.split()) == 40
CIRCUMSTANCES = "Argument between the parents; father arrested for assault."
PLACE = "12 Example Road, Ashby"
#: What the officer typed into the force's external Encompass form by hand before the toolkit:
#: the school's name and DSL address looked up, the reference, their own details, and the
#: chronology entry on the crime written again afterwards.
FOUND_BY_HAND = ("dsl.ashby-primary@example.org", CRIME, "PC 1234 Demo Officer", "officer@example.org",
                 "Operation Encompass referral sent to Ashby Primary School DSL about Amira Example.")


def _tap_and_type(o, selector, text, separately=False):
    o.click(selector)
    o.type(selector, text, separately=separately)
    if not separately:
        o.wrote_by_hand(text)


def _incident(o):
    o.open(f"/crimes/{CRIME}")
    o.click("text=Notify schools (Operation Encompass)")
    o.expect_text("The incident")
    when = datetime.now(ZoneInfo("Europe/London")) - timedelta(minutes=10)
    _tap_and_type(o, "#incident_time", when.strftime("%H:%M"))
    _tap_and_type(o, "#incident_location", PLACE)
    o.choose("#district", "Northtown")
    _tap_and_type(o, "#circumstances", CIRCUMSTANCES)


def _child(o, index, name, born, school, present="elsewhere"):
    prefix = f"#children-{index}-"
    if index:
        o.click("button:has-text('Add another child')")
        o.expect_text(f"Child {index + 1}")
    _tap_and_type(o, prefix + "name", name)
    _tap_and_type(o, prefix + "date_of_birth", born)
    _tap_and_type(o, prefix + "school", school)
    o.choose(f"{prefix}present-{present}")


def _voice_and_send(o, schools):
    o.choose("#voice-alone")
    _tap_and_type(o, "#voice_words", VOICE, separately=True)
    o.click("button:has-text('Send to the schools')")
    for school in schools:
        o.expect_text(school)
    for text in FOUND_BY_HAND:
        o.wrote_by_hand(text)


@task("encompass one child", role="officer")
def one_child(o):
    _incident(o)
    _child(o, 0, "Amira Example", "14/5/2017", "Ashby Primary")
    _voice_and_send(o, ["Ashby Primary School"])


@task("encompass three children two schools", role="officer")
def three_children_two_schools(o):
    _incident(o)
    _child(o, 0, "Amira Example", "14/5/2017", "Ashby Primary")
    _child(o, 1, "Bilal Example", "2/9/2015", "Ashby Primary")
    _child(o, 2, "Cara Example", "1/1/2012", "Southmere High", present="in_room")
    _voice_and_send(o, ["Ashby Primary School", "Southmere High School"])
