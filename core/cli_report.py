"""``mad report compliance`` and ``mad report usage``: scheduled returns, thin over core.compliance."""

import json

import click


def _dates(start, end):
    if end < start:
        raise click.BadParameter("--to must be on or after --from.", param_hint="--to")
    return start.date(), end.date()


def add_report_commands(main, pass_ctx):
    """Attach the ``report`` group to the ``mad`` group ``main``. Called by core.cli."""

    @main.group()
    def report():
        """Figures for scheduled returns (Victims' Code compliance, usage)."""

    period = [click.option("--from", "start", required=True, type=click.DateTime(["%Y-%m-%d"]),
                           help="First day, YYYY-MM-DD."),
              click.option("--to", "end", required=True, type=click.DateTime(["%Y-%m-%d"]),
                           help="Last day, YYYY-MM-DD (inclusive)."),
              click.option("--team", default=None, help="Only this team's figures."),
              click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)]

    def with_period(command):
        for option in reversed(period):
            command = option(command)
        return command

    @report.command("compliance")
    @with_period
    @pass_ctx
    def report_compliance(ctx, start, end, team, fmt):
        """The MoJ quarterly measures for victims recorded in the period (CSV layout in the README)."""
        from core.compliance.figures import victim_count
        from core.compliance.moj import measures, to_csv
        from core.compliance.refresh import refresh
        from core.compliance.stored import cells

        start, end = _dates(start, end)
        refresh(ctx.mad)
        with ctx.mad.session() as session:
            rows = cells(session, start, end, team=team)
        if fmt == "csv":
            click.echo(to_csv(rows, start, end, by_team=team is None), nl=False)
        else:
            click.echo(json.dumps({"from": start.isoformat(), "to": end.isoformat(), "team": team,
                                   "victims": victim_count(rows), "measures": measures(rows)}, indent=2, default=str))

    @report.command("usage")
    @with_period
    @pass_ctx
    def report_usage(ctx, start, end, team, fmt):
        """Messages by template, channel, language, team, district, status and day; failures; signposting;
        leaflets; active users; satisfaction; days to the first update; referrals."""
        from core.compliance.refresh import refresh
        from core.compliance.stored import usage_report

        start, end = _dates(start, end)
        refresh(ctx.mad)
        with ctx.mad.session() as session:
            figures = usage_report(session, start, end, team=team)
        if fmt == "json":
            click.echo(json.dumps({"from": start.isoformat(), "to": end.isoformat(), "team": team,
                                   **{k: [list(r) for r in v] for k, v in figures.items()}}, indent=2))
            return
        from core.csv_safety import neutralise

        click.echo("figure,value,count")
        for name, lines in figures.items():
            for value, count in lines:
                click.echo(f'{name},"{neutralise(str(value)).replace(chr(34), chr(34) * 2)}",{count}')

    @report.command("refresh")
    @click.option("--full", is_flag=True, help="Rebuild every rollup from the raw tables (after restoring a backup).")
    @pass_ctx
    def report_refresh(ctx, full):
        """Bring the figures' daily rollups up to date now (the dispatcher does this every minute)."""
        from core.compliance.refresh import refresh

        result = refresh(ctx.mad, full=full)
        click.echo(f"Victims worked out again: {result['victims']}; days recounted: "
                   f"{result['compliance_days']} (rights), {result['usage_days']} (messages).")
