"""The shared change history: what changed is recorded with before and after, dates as text."""

from datetime import date
from types import SimpleNamespace

from core.history import apply_changes


def test_a_new_thing_records_every_field_and_an_edit_only_what_changed():
    target = SimpleNamespace(title=None, review_due_on=None)
    created = apply_changes(target, {"title": "Keeping safe", "review_due_on": date(2027, 12, 2)}, created=True)
    assert created == {"title": [None, "Keeping safe"], "review_due_on": [None, "2027-12-02"]}
    edited = apply_changes(target, {"title": "Keeping safe", "review_due_on": date(2028, 1, 5)}, created=False)
    assert edited == {"review_due_on": ["2027-12-02", "2028-01-05"]}
    assert target.review_due_on == date(2028, 1, 5)
    assert apply_changes(target, {"title": "Keeping safe"}, created=False) == {}
