"""``mad records-simulator``: a loopback stand-in for PoliceWorks that speaks the shipped WSDL.

For demos, tests and benchmarks. It keeps chronology entries in memory, de-duplicates them by the
toolkit's entry id exactly as the real service promises, knows a few demo crimes, checks the
WS-Security UsernameToken, and can be told to fail, time out or answer slowly.
"""

from plugins.records_policeworks.simulator.server import Simulator
from plugins.records_policeworks.simulator.store import DEMO_CRIMES, Modes

__all__ = ["DEMO_CRIMES", "Modes", "Simulator"]
