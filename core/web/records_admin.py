"""``/records/writes``: records writes still waiting or failed, with "Retry now" for admins.

Admins may retry; supervisors may look. Nothing of the victim is shown: the crime reference,
the kind of entry, the writer and its last error.
"""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from core.constants import Roles
from core.records.attention import retry_now, writes_needing_attention
from core.web.access import current_mad, roles_required

blueprint = Blueprint("records_admin", __name__, url_prefix="/records")

#: Who may see the page, and who may press "Retry now".
VIEWERS = (Roles.ADMIN, Roles.SUPERVISOR)
RETRIERS = (Roles.ADMIN,)


@blueprint.get("/writes")
@roles_required(*VIEWERS)
def index():
    """Every write still waiting or failed, failed first."""
    with current_mad().session() as session:
        rows = writes_needing_attention(session)
        for write, _entry in rows:
            session.expunge(write)
    return render_template("records/writes.html", rows=rows, can_retry=current_user.role in RETRIERS,
                           retried=request.args.get("retried", type=int),
                           not_retried=request.args.get("not_retried", type=int))


@blueprint.post("/writes/<int:write_id>/retry")
@roles_required(*RETRIERS)
def retry(write_id):
    """Set one write back to pending, due now (the form carries a CSRF token)."""
    if retry_now(current_mad(), write_id):
        return redirect(url_for("records_admin.index", retried=write_id))
    return redirect(url_for("records_admin.index", not_retried=write_id))
