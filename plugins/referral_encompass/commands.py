"""``mad encompass``: due times, the schools register and the term-holiday calendar."""

from pathlib import Path

import click

from core.toolkit import (
    CalendarFileError,
    SchoolImportError,
    import_gias_csv,
    next_school_day_start,
    parse_local,
    parse_start,
    read_term_calendar,
    replace_holidays,
    school_calendar,
)


def _mad():
    """The running toolkit of ``mad --instance``, with this plugin enabled (else a clear error)."""
    mad = click.get_current_context().find_root().obj.mad
    if "encompass" not in mad.referral_types:
        raise click.ClickException("The referral_encompass plugin is not enabled for this instance: add it to "
                                   "[plugins] enabled in mad.toml")
    return mad


@click.group()
def encompass():
    """Operation Encompass: due times, the schools register and the term-holiday calendar."""


@encompass.command("due-at")
@click.argument("incident")
@click.option("--calendar", "calendar_file", type=click.Path(exists=True, dir_okay=False),
              help="Term-holiday CSV (first_day,last_day,description). Without it only weekends and bank "
                   "holidays are skipped.")
@click.option("--start", default="08:30", show_default=True, help="When the school day starts.")
@click.option("--timezone", default="Europe/London", show_default=True)
@click.option("--subdivision", default="ENG", show_default=True, help="Whose bank holidays apply (ENG, WLS...).")
def due_at(incident, calendar_file, start, timezone, subdivision):
    """Print when a notification about an INCIDENT (local time, e.g. 2026-12-18T22:15) is due, in ISO 8601."""
    try:
        moment = parse_local(incident, timezone)
    except ValueError:
        raise click.BadParameter("write the incident time like 2026-12-18T22:15", param_hint="INCIDENT") from None
    try:
        school_start = parse_start(start)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--start") from None
    holidays = ()
    if calendar_file:
        try:
            holidays = read_term_calendar(Path(calendar_file).read_text(encoding="utf-8"))
        except (CalendarFileError, UnicodeDecodeError) as exc:
            raise click.ClickException(f"{calendar_file}: {exc}") from None
    calendar = school_calendar(holidays, subdivision=subdivision)
    click.echo(next_school_day_start(moment, calendar, school_start, timezone).isoformat())


@encompass.group("schools")
def schools():
    """The schools register (from Get Information About Schools)."""


@schools.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def schools_import(path):
    """Import or update schools from a GIAS establishment CSV; DSL addresses already entered are kept."""
    mad = _mad()
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")  # GIAS extracts are Windows-1252
    try:
        with mad.session() as session:
            result = import_gias_csv(session, text, who="mad encompass schools import")
    except SchoolImportError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Imported {path}: {result.added} added, {result.updated} updated, "
               f"{result.skipped_closed} closed schools skipped.")


@encompass.group("holidays")
def holidays_group():
    """The term-holiday calendar used for due times."""


@holidays_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def holidays_import(path):
    """Replace the term-holiday calendar with PATH (CSV: first_day,last_day,description)."""
    mad = _mad()
    try:
        holidays = read_term_calendar(Path(path).read_text(encoding="utf-8"))
    except (CalendarFileError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{path}: {exc}") from None
    with mad.session() as session:
        count = replace_holidays(session, holidays)
    click.echo(f"The term-holiday calendar now holds {count} holidays.")
