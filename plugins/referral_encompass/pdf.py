"""The notification PDF (fpdf2), with a Unicode TrueType font and text shaping (uharfbuzz), so every
name is written as typed, in any script.

One PDF per recipient, holding only the children that recipient is told about.
"""

from babel.dates import format_date, format_datetime

from fpdf import FPDF

from plugins.referral_encompass.wording import EDUCATION_HOME, PDF, PRESENT, VOICE, say

FONT = "MaDSans"


def _pdf(settings):
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font(FONT, "", settings["font_path"])
    pdf.add_font(FONT, "B", settings["bold_font_path"])
    pdf.set_text_shaping(True)  # uharfbuzz: Arabic and Urdu names joined and in the right order
    pdf.set_title("Operation Encompass notification")
    pdf.add_page()
    return pdf


def _heading(pdf, text, size=12):
    pdf.ln(2)
    pdf.set_font(FONT, "B", size)
    pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10.5)


def _line(pdf, label, value):
    pdf.set_font(FONT, "B", 10.5)
    pdf.multi_cell(0, 6, label, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10.5)
    pdf.multi_cell(0, 6, value or "", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def notification_pdf(mad, settings, data, recipient, due_at, made_at, zone):
    """The PDF (bytes) for ``recipient``: the incident, its children, the voice of the child, the officer."""
    pdf = _pdf(settings)
    force = mad.config.force["name"]
    _heading(pdf, say(mad, PDF["title"]), size=14)
    pdf.multi_cell(0, 6, say(mad, PDF["intro"], force_name=force), new_x="LMARGIN", new_y="NEXT")
    _line(pdf, say(mad, PDF["to"]), recipient.name)
    _line(pdf, say(mad, PDF["due"]), format_datetime(due_at, "EEEE d MMMM y, HH:mm", tzinfo=zone, locale="en_GB") if due_at else "")
    _heading(pdf, say(mad, PDF["reference"]) + " " + data["crime_reference"])
    when = f"{format_date(data['incident_date'], 'full', locale='en_GB')}, {data['incident_time'].strftime('%H:%M')}"
    _line(pdf, say(mad, PDF["when"]), when)
    _line(pdf, say(mad, PDF["where"]), data["incident_location"])
    _line(pdf, say(mad, PDF["circumstances"]), data["circumstances"])
    _heading(pdf, say(mad, PDF["children"]))
    for child in recipient.items:
        pdf.set_font(FONT, "B", 11)
        pdf.multi_cell(0, 6, child["name"], new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 10.5)
        details = [f"{say(mad, PDF['dob'])} {child['date_of_birth'].strftime('%d/%m/%Y')}"]
        if child.get("year_group"):
            details.append(f"{say(mad, PDF['year'])} {child['year_group']}")
        details.append(f"{say(mad, PDF['school'])} " + (child.get("school_name") or say(mad, EDUCATION_HOME)))
        details.append(say(mad, PRESENT[child["present"]]) + (f" ({child['where']})" if child.get("where") else ""))
        pdf.multi_cell(0, 6, "\n".join(details), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    _heading(pdf, say(mad, PDF["voice"]))
    pdf.multi_cell(0, 6, say(mad, VOICE[data["voice"]]), new_x="LMARGIN", new_y="NEXT")
    if data.get("voice_words"):
        pdf.multi_cell(0, 6, f"\u201c{data['voice_words']}\u201d", new_x="LMARGIN", new_y="NEXT")
    _heading(pdf, say(mad, PDF["other"]))
    pdf.multi_cell(0, 6, data.get("other_information") or say(mad, PDF["none"]), new_x="LMARGIN", new_y="NEXT")
    _line(pdf, say(mad, PDF["officer"]), f"{data['officer_name']}\n{data['officer_contact']}")
    pdf.ln(3)
    pdf.set_font(FONT, "", 8.5)
    made = format_datetime(made_at, "d MMMM y, HH:mm", tzinfo=zone, locale="en_GB")
    pdf.multi_cell(0, 5, f"{force}. " + say(mad, PDF["made"], made_at=made), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
