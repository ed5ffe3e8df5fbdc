"""The words the resources library uses: kinds of resource, crime types and justice-journey stages.

Each code (stored) has a label in words (shown).
"""

#: Kinds of resource, code → label.
KINDS = {
    "prevention": "Crime prevention",
    "justice_journey": "Your journey through the justice system",
    "perpetrator_programme": "Perpetrator behaviour-change programme",
    "victims_code_leaflet": "Victims' Code leaflet",
    "op_crystal_leaflet": "Victim of crime leaflet (Op Crystal)",
    "rtc_booklet": "Road traffic collision booklet",
}
#: The kinds whose send completes the care log's "victim-of-crime leaflet given" duty once the channel
#: accepted it (see :mod:`core.victims.evidence`).
LEAFLET_DUTY_KINDS = ("victims_code_leaflet", "op_crystal_leaflet")

CRIME_TYPES = {
    "burglary": "Burglary",
    "vehicle": "Vehicle crime",
    "fraud": "Fraud and scams",
    "cyber": "Cyber crime",
    "domestic_abuse": "Domestic abuse",
    "violence": "Violence",
    "road_traffic": "Road traffic collision",
}

STAGES = {
    "reported": "After reporting",
    "investigation": "During the investigation",
    "charge": "At charge",
    "court": "At court",
    "no_further_action": "No further action",
    "right_to_review": "Right to review",
}

#: Longest summary (it goes in a text message: two SMS segments).
MAX_SUMMARY = 306
