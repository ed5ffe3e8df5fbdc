"""Demo data for the embedded default: one user per role, with fresh random passwords."""

import secrets

from core.people import add_user

DEMO_USERS = (
    ("officer", "officer@example.org", "PC 1234 Demo Officer"),
    ("supervisor", "supervisor@example.org", "Sgt 567 Demo Supervisor"),
    ("vsc", "vsc@example.org", "Demo Victims' Services Coordinator"),
    ("analyst", "analyst@example.org", "Demo Analyst"),
    ("admin", "admin@example.org", "Demo Admin"),
)
#: The demo's invented team and district (the officer and supervisor work in it).
DEMO_TEAM, DEMO_DISTRICT = "Response North", "Northtown"


def create_demo_users(session):
    """Add the demo users; return ``[(role, email, password)]`` for printing once."""
    created = []
    for role, email, name in DEMO_USERS:
        password = secrets.token_urlsafe(12)
        team = (DEMO_TEAM, DEMO_DISTRICT) if role in ("officer", "supervisor") else (None, None)
        add_user(session, email=email, display_name=name, role=role, password=password, team=team[0],
                 district=team[1])
        created.append((role, email, password))
    return created
