"""Schools for Operation Encompass, kept by VSCs: DSL addresses, local authorities' home-education
addresses and the term-holiday calendar. Thin over :mod:`core.referrals.schools`."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user
from marshmallow import ValidationError

from core.constants import Roles
from core.models.referrals import LocalAuthority, School
from core.referrals import schools as directory
from core.referrals.due import CalendarFileError, read_term_calendar
from core.web.access import current_mad, roles_required

blueprint = Blueprint("schools", __name__, url_prefix="/schools")

KEEPERS = (Roles.VSC, Roles.ADMIN)
MAX_CALENDAR_BYTES = 200_000


@blueprint.get("/")
@roles_required(*KEEPERS)
def index():
    """Find a school by name and town (typos forgiven); schools without a DSL address first."""
    query = request.args.get("q", "").strip()
    with current_mad().session() as session:
        if query:
            found = [school for school, _score in directory.search_schools(session, query, limit=25)]
        else:
            found = sorted(directory.all_schools(session), key=lambda s: (s.dsl_email is not None, s.name))[:50]
        session.expunge_all()
    return render_template("referrals/schools.html", schools=found, query=query)


@blueprint.route("/<urn>", methods=["GET", "POST"])
@roles_required(*KEEPERS)
def edit(urn):
    """A school's details and its DSL's secure email address."""
    errors = {}
    with current_mad().session() as session:
        school = session.get(School, urn)
        if school is None:
            abort(404)
        if request.method == "POST":
            try:
                directory.set_dsl_email(session, urn, request.form.get("dsl_email", ""), current_user.display_name)
            except ValidationError as exc:
                errors["dsl_email"] = exc.messages
            else:
                return redirect(url_for("schools.index"))
        session.expunge(school)
    return render_template("referrals/school.html", school=school, errors=errors,
                           value=request.form.get("dsl_email", school.dsl_email or "")), (400 if errors else 200)


@blueprint.route("/local-authorities", methods=["GET", "POST"])
@roles_required(*KEEPERS)
def authorities():
    """Each local authority's address for notifications about children educated at home."""
    errors = {}
    with current_mad().session() as session:
        if request.method == "POST":
            code = request.form.get("code", "")
            if session.get(LocalAuthority, code) is None:
                abort(404)
            try:
                directory.set_ehe_email(session, code, request.form.get("ehe_email", ""), current_user.display_name)
            except ValidationError as exc:
                errors[code] = exc.messages
            else:
                return redirect(url_for("schools.authorities"))
        found = directory.local_authorities(session)
        session.expunge_all()
    return render_template("referrals/authorities.html", authorities=found, errors=errors), (400 if errors else 200)


@blueprint.route("/holidays", methods=["GET", "POST"])
@roles_required(*KEEPERS)
def holidays():
    """The term-holiday calendar: see it, and replace it by uploading a CSV file."""
    error = None
    if request.method == "POST":
        upload = request.files.get("calendar")
        data = upload.read(MAX_CALENDAR_BYTES + 1) if upload else b""
        try:
            if not data:
                raise CalendarFileError("Choose a CSV file to upload")
            if len(data) > MAX_CALENDAR_BYTES:
                raise CalendarFileError("That file is too large for a holiday calendar")
            parsed = read_term_calendar(data.decode("utf-8"))
        except UnicodeDecodeError:
            error = "Save the calendar as a CSV file (UTF-8) and upload it again"
        except CalendarFileError as exc:
            error = str(exc)
        else:
            with current_mad().session() as session:
                directory.replace_holidays(session, parsed)
            return redirect(url_for("schools.holidays"))
    with current_mad().session() as session:
        stored = directory.stored_holidays(session)
        session.expunge_all()
    return render_template("referrals/holidays.html", holidays=stored, error=error), (400 if error else 200)
