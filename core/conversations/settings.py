"""The ``[conversations]`` settings: opt-out words, HELP text, satisfaction checks, the mailbox poll.

Example (every key optional; these are the defaults)::

    [conversations]
    stop_words = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"]
    start_words = ["START", "UNSTOP"]
    help_words = ["HELP"]
    satisfaction_check = true          # send the check when a closing message is sent
    closing_templates = ["crime_closed_nfa"]
    fetch_seconds = 60                 # how often mailboxes (IMAP) are read for replies

    [conversations.local_stop_words]   # per language, added to stop_words
    cy = ["STOPIO", "DIM MWY"]

    [conversations.help_text]          # per language; {force_phone} and {force_name} are filled in
    en = "{force_name}: to talk about your report call {force_phone}. Reply STOP for no more texts."
"""

from marshmallow import Schema, ValidationError, fields, validate, validates

#: Opt-out words in the languages the toolkit ships, added to ``stop_words`` (a force may replace them).
LOCAL_STOP_WORDS = {
    "cy": ["STOPIO", "DIM MWY", "DAD-DANYSGRIFIO"],
    "pl": ["STOP", "KONIEC", "REZYGNUJĘ", "REZYGNUJE", "WYPISZ"],
    "ro": ["STOP", "OPRIRE", "DEZABONARE", "RENUNT", "RENUNȚ"],
    "ar": ["توقف", "إيقاف", "الغاء", "إلغاء"],
    "ur": ["بند کریں", "روکیں", "بند"],
}
LOCAL_START_WORDS = {"cy": ["DECHRAU"], "pl": ["START"], "ro": ["START"], "ar": ["ابدأ"], "ur": ["شروع"]}

HELP_TEXT = {
    "en": "{force_name}: to talk about your report call {force_phone}, or 999 in an emergency. "
          "Reply STOP for no more texts.",
    "cy": "{force_name}: i siarad am eich adroddiad ffoniwch {force_phone}, neu 999 mewn argyfwng. "
          "Atebwch STOPIO i beidio â chael rhagor o negeseuon.",
}

WORDS = fields.List(fields.String(validate=validate.Length(min=1, max=40)))


class ConversationsSchema(Schema):
    stop_words = fields.List(fields.String(validate=validate.Length(min=1, max=40)), load_default=lambda: [
        "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"], metadata={
        "description": "a reply that is exactly one of these stops further texts to that number"})
    start_words = fields.List(fields.String(validate=validate.Length(min=1, max=40)),
                              load_default=lambda: ["START", "UNSTOP"],
                              metadata={"description": "a reply that is exactly one of these resumes texts"})
    help_words = fields.List(fields.String(validate=validate.Length(min=1, max=40)), load_default=lambda: ["HELP"],
                             metadata={"description": "a reply that is exactly one of these is answered with help_text"})
    local_stop_words = fields.Dict(keys=fields.String(), values=WORDS, load_default=lambda: dict(LOCAL_STOP_WORDS),
                                   metadata={"description": "opt-out words per language code"})
    local_start_words = fields.Dict(keys=fields.String(), values=WORDS, load_default=lambda: dict(LOCAL_START_WORDS),
                                    metadata={"description": "resume words per language code"})
    help_text = fields.Dict(keys=fields.String(), values=fields.String(validate=validate.Length(min=1, max=600)),
                            load_default=lambda: dict(HELP_TEXT), metadata={
                                "description": "the answer to HELP per language code; {force_name} and "
                                               "{force_phone} are filled in; English (en) is required"})
    satisfaction_check = fields.Boolean(load_default=True, metadata={
        "description": "send a satisfaction check after a closing message (the victim's contact plan may say no)"})
    closing_templates = fields.List(fields.String(), load_default=lambda: ["crime_closed_nfa"], metadata={
        "description": "the templates that close a crime and so trigger the satisfaction check"})
    fetch_seconds = fields.Float(load_default=60.0, validate=validate.Range(min=5, max=86400), metadata={
        "description": "how often channels that fetch replies (an IMAP mailbox) are asked for new ones"})

    @validates("help_text")
    def _help_text(self, value, **kwargs):
        if "en" not in value:
            raise ValidationError("needs an English (en) answer at least, used when the victim's language has none")
        for code, text in value.items():
            try:
                text.format(force_name="", force_phone="")
            except (KeyError, IndexError, ValueError):
                raise ValidationError(f"{code}: only {{force_name}} and {{force_phone}} may appear in braces") from None


def conversation_settings(config):
    """The validated ``[conversations]`` table of ``config`` (defaults when it has none)."""
    return config.conversations or ConversationsSchema().load({})
