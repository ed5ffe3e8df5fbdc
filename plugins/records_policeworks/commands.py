"""``mad records-simulator``: serve a PoliceWorks stand-in on loopback for demos and tests."""

import click


@click.command("records-simulator")
@click.option("--host", default="127.0.0.1", show_default=True, help="Loopback address to listen on.")
@click.option("--port", default=8099, show_default=True, type=click.IntRange(0, 65535))
@click.option("--username", default="mad-toolkit", show_default=True, envvar="POLICEWORKS_USERNAME",
              help="The UsernameToken user it accepts (env POLICEWORKS_USERNAME).")
@click.option("--password", default="simulator-password", show_default=True, envvar="POLICEWORKS_PASSWORD",
              help="The UsernameToken password it accepts (env POLICEWORKS_PASSWORD).")
@click.option("--mode", default="ok", show_default=True,
              type=click.Choice(["ok", "fault", "http500", "slow", "timeout", "garbage", "malformed", "echo"]),
              help="How to answer SOAP calls at first (change it later with POST /control).")
@click.option("--delay", default=5.0, show_default=True, type=float, help="Seconds to wait in slow and timeout modes.")
@click.option("--verbose", is_flag=True, help="Log every request.")
def records_simulator(host, port, username, password, mode, delay, verbose):
    """Serve a PoliceWorks records simulator (the shipped WSDL) on loopback until Ctrl+C."""
    from plugins.records_policeworks.simulator import DEMO_CRIMES, Simulator

    try:
        simulator = Simulator(host=host, port=port, username=username, password=password, verbose=verbose)
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    simulator.set_mode(mode, delay)
    click.echo(f"PoliceWorks simulator on {simulator.endpoint} (WSDL: {simulator.wsdl_url}; mode {mode})")
    click.echo(f"Control: POST {simulator.url}/control {{\"mode\": \"fault\"}}; entries: GET {simulator.url}/entries")
    click.echo("Demo crimes: " + ", ".join(f"{c.reference} ({c.status})" for c in DEMO_CRIMES))
    click.echo("Ctrl+C stops it; entries are kept in memory only.")
    try:
        simulator.serve_forever()
    except KeyboardInterrupt:
        pass
