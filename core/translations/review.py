"""Review status of translations: every translation is a draft until a VSC records a review.

The VSC's Translations pages, the preview (which warns the officer before a draft is sent) and
``mad translations coverage`` all ask this module; the status itself is stored in
:class:`core.models.translations.TranslationReview`, one row per locale and English msgid.
"""

import hashlib
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.constants import ChannelKinds
from core.db import utcnow
from core.i18n import SOURCE_LOCALE
from core.models.translations import TranslationReview


class ReviewStatus:
    DRAFT = "draft"
    REVIEWED = "reviewed"
    #: Not a stored status: the catalogue has no translation, so the message goes in English.
    MISSING = "missing"
    SETTABLE = (DRAFT, REVIEWED)


def text_key(text):
    """The SHA-256 hex digest of ``text``: how a msgid or a reviewed translation is keyed."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ReviewItem:
    """One sentence of a template in one locale, as the VSC's page shows it."""

    locale: str
    msgid: str
    translation: str | None
    status: str
    part: str
    reviewed_by: str | None = None
    reviewed_at: object = None
    #: True when a review was recorded but the translation has changed since.
    changed_since_review: bool = False

    @property
    def key(self):
        """The msgid's key, as the review form posts it back."""
        return text_key(self.msgid)


def template_parts(template):
    """``[(part name, msgid)]`` of a template: its wording, then each choice sentence."""
    parts = [(name, msgid) for name, msgid in (("sms", template.sms), ("email subject", template.email_subject),
                                                ("email body", template.email_body)) if msgid]
    for field, options in template.choices().items():
        parts.extend((f"{field} = {value}", msgid) for value, msgid in options.items())
    return parts


def used_msgids(template, kind, field_values):
    """The msgids a message of ``template`` sent by ``kind`` with ``field_values`` is built from."""
    ids = [template.sms] if kind == ChannelKinds.SMS else [template.email_subject, template.email_body]
    for name, options in template.choices().items():
        if field_values.get(name) in options:
            ids.append(options[field_values[name]])
    return ids


def _rows(session, locale, msgids):
    keys = [text_key(m) for m in msgids]
    rows = session.scalars(select(TranslationReview).where(
        TranslationReview.locale == locale, TranslationReview.msgid_key.in_(keys)))
    return {row.msgid_key: row for row in rows}


def _effective(row, translation):
    """``(status, changed_since_review)`` of one sentence given its stored row and current translation."""
    if translation is None:
        return ReviewStatus.MISSING, False
    if row is None or row.status != ReviewStatus.REVIEWED:
        return ReviewStatus.DRAFT, False
    if row.translation_key != text_key(translation):
        return ReviewStatus.DRAFT, True
    return ReviewStatus.REVIEWED, False


def review_items(mad, session, template, locale):
    """Every sentence of ``template`` in ``locale`` with its translation and status.

    Called by the VSC's Translations page. Returns a list of :class:`ReviewItem`.
    """
    parts = template_parts(template)
    rows = _rows(session, locale, [m for _, m in parts])
    items = []
    for part, msgid in parts:
        translation = mad.template_catalogue.lookup(locale, msgid)
        row = rows.get(text_key(msgid))
        status, changed = _effective(row, translation)
        items.append(ReviewItem(locale, msgid, translation, status, part,
                                reviewed_by=row.reviewed_by_name if row else None,
                                reviewed_at=row.reviewed_at if row else None, changed_since_review=changed))
    return items


def all_template_msgids(mad):
    """Every msgid of every registered template, once each, in order."""
    return list(dict.fromkeys(m for t in mad.templates.values() for m in t.msgids()))


def review_counts(mad, session, templates, locale):
    """``{template id: {status: count}}`` of reviewed, draft and missing sentences in ``locale``.

    Called by the VSC's Translations index; one query per locale whatever the number of templates.
    """
    msgids = {template.id: template.msgids() for template in templates}
    rows = _rows(session, locale, [m for ids in msgids.values() for m in ids])
    counts = {}
    for template_id, ids in msgids.items():
        statuses = [_effective(rows.get(text_key(m)), mad.template_catalogue.lookup(locale, m))[0] for m in ids]
        counts[template_id] = {s: statuses.count(s)
                               for s in (ReviewStatus.REVIEWED, ReviewStatus.DRAFT, ReviewStatus.MISSING)}
    return counts


def unreviewed(mad, session, locale, msgids):
    """The msgids among ``msgids`` whose ``locale`` translation is not reviewed (drafts and missing)."""
    if locale == SOURCE_LOCALE:
        return []
    rows = _rows(session, locale, msgids)
    return [m for m in msgids
            if _effective(rows.get(text_key(m)), mad.template_catalogue.lookup(locale, m))[0] != ReviewStatus.REVIEWED]


def seed_drafts(mad):
    """Store a draft row for every template sentence in every offered locale that has none yet.

    Called when a VSC opens the Translations page, so the database lists every translation with
    its status. Returns how many rows were added. Two VSCs seeding at once is harmless: the
    unique key refuses the second copy and that transaction is simply dropped.
    """
    msgids = all_template_msgids(mad)
    added = 0
    for info in mad.locales:
        if info.code == SOURCE_LOCALE:
            continue
        try:
            with mad.session() as session:
                known = _rows(session, info.code, msgids)
                new = [TranslationReview(locale=info.code, msgid_key=text_key(m), msgid=m, status=ReviewStatus.DRAFT)
                       for m in msgids if text_key(m) not in known]
                session.add_all(new)
            added += len(new)
        except IntegrityError:
            continue
    return added


class ReviewRefused(Exception):
    """A review status that cannot be set; the message says why and what to do."""


def set_status(mad, session, locale, msgid, status, user):
    """Record ``status`` (draft or reviewed) for ``msgid`` in ``locale``, by ``user``, now.

    Called by the VSC's Translations page. Refuses (:class:`ReviewRefused`) a sentence that has no
    translation in that locale: only a translation can be reviewed. Returns the stored row.
    """
    if status not in ReviewStatus.SETTABLE:
        raise ReviewRefused(f"Status must be one of {', '.join(ReviewStatus.SETTABLE)}")
    translation = mad.template_catalogue.lookup(locale, msgid)
    if translation is None:
        raise ReviewRefused("This sentence has no translation in that language yet, so there is nothing to review: "
                            "add it to the catalogue first")
    row = _rows(session, locale, [msgid]).get(text_key(msgid))
    if row is None:
        row = TranslationReview(locale=locale, msgid_key=text_key(msgid), msgid=msgid)
        session.add(row)
    row.status = status
    row.translation_key = text_key(translation) if status == ReviewStatus.REVIEWED else None
    row.reviewed_by_id = getattr(user, "id", None)
    row.reviewed_by_name = getattr(user, "display_name", None)
    row.reviewed_at = utcnow()
    session.flush()
    return row
