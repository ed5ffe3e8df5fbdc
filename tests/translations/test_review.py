"""Review status: stored per language and sentence, seeded as draft, void once the translation changes."""

import pytest
from sqlalchemy import select

from core.models import TranslationReview
from core.translations.review import (
    ReviewRefused, ReviewStatus, review_counts, review_items, seed_drafts, set_status, text_key, unreviewed, used_msgids,
)


@pytest.fixture
def mad(make_mad_app, database):
    return make_mad_app(database=database, locales=["en", "cy", "ar", "ur", "pl", "ro"]).extensions["mad"]


def test_seeding_stores_every_sentence_in_every_language_as_draft_once(mad):
    sentences = {m for t in mad.templates.values() for m in t.msgids()}
    assert seed_drafts(mad) == len(sentences) * 5
    assert seed_drafts(mad) == 0
    with mad.session() as session:
        rows = session.scalars(select(TranslationReview)).all()
    assert {(r.locale, r.status) for r in rows} == {(c, "draft") for c in ("cy", "ar", "ur", "pl", "ro")}


def test_a_review_records_who_and_when_and_lapses_when_the_translation_changes(mad):
    from core.models import User

    template = mad.templates["crime_closed_nfa"]
    with mad.session() as session:
        vsc = User(email="vsc@example.org", display_name="VSC Example", role="vsc", password_hash="x")
        session.add(vsc)
        session.flush()
        set_status(mad, session, "ur", template.sms, ReviewStatus.REVIEWED, vsc)
    with mad.session() as session:
        items = {i.part: i for i in review_items(mad, session, template, "ur")}
        assert items["sms"].status == "reviewed" and items["sms"].reviewed_by == "VSC Example"
        assert items["email body"].status == "draft"
        row = session.scalars(select(TranslationReview).where(
            TranslationReview.locale == "ur", TranslationReview.msgid_key == text_key(template.sms))).one()
        row.translation_key = text_key("the translation as it was when it was reviewed")
    with mad.session() as session:
        items = {i.part: i for i in review_items(mad, session, template, "ur")}
    assert items["sms"].status == "draft" and items["sms"].changed_since_review


def test_only_a_translation_can_be_reviewed_and_english_is_never_a_draft(mad):
    with mad.session() as session, pytest.raises(ReviewRefused, match="no translation in that language"):
        set_status(mad, session, "ar", "A sentence no catalogue has", ReviewStatus.REVIEWED, None)
    with mad.session() as session, pytest.raises(ReviewRefused, match="Status must be one of"):
        set_status(mad, session, "ar", mad.templates["signposting"].sms, "approved", None)
    template = mad.templates["investigation_update"]
    ids = used_msgids(template, "sms", {"progress": "cctv_reviewed"})
    assert ids == [template.sms, "We are reviewing CCTV footage."]
    with mad.session() as session:
        assert unreviewed(mad, session, "en", ids) == []
        assert unreviewed(mad, session, "pl", ids) == ids


def test_the_index_counts_agree_with_each_templates_items(mad):
    seed_drafts(mad)
    with mad.session() as session:
        set_status(mad, session, "cy", mad.templates["crime_closed_nfa"].sms, ReviewStatus.REVIEWED, None)
    templates = list(mad.templates.values())
    with mad.session() as session:
        for locale in ("cy", "ur"):
            counts = review_counts(mad, session, templates, locale)
            for template in templates:
                statuses = [i.status for i in review_items(mad, session, template, locale)]
                assert counts[template.id] == {s: statuses.count(s) for s in ("reviewed", "draft", "missing")}
        assert review_counts(mad, session, templates, "cy")["crime_closed_nfa"]["reviewed"] == 1
