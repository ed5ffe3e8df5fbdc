"""Write a new instance folder: the force configuration ``mad.toml``."""

import secrets
from pathlib import Path

from core.crypto import generate_key

DEMO_CREDENTIALS = "demo-credentials.txt"

CONFIG_TEMPLATE = '''# MaD Toolkit force configuration. Secrets never go here: see README "Configuration".
{secret_line}
[force]
name = "{force_name}"
phone = "101"
districts = ["Northtown", "Southmere", "Eastbrook", "Westvale", "Riverside", "Hillcrest", "Oldbridge", "Marshgate", "Kingsford", "Ashby"]
default_locale = "en"
locales = ["en", "cy", "ar", "ur", "pl", "ro"]
# A crime reference such as 06/123456/26 (division / number / year).
crime_reference_pattern = '^[0-9]{{2}}/[0-9]{{5,6}}/[0-9]{{2}}$'
crime_reference_example = "06/123456/26"

[plugins]
# Installed plugins run only when listed here, e.g. enabled = ["sms_twilio"].
enabled = [{enabled}]

[dispatcher]
# Temporary failures are retried for a window, not a number of attempts (see the README).
message_retry_hours = 24
records_retry_days = 7
backoff_seconds = 2.0
backoff_max_seconds = 600

[retention]
message_days = 365

[partner]
# The force's commissioned victims' service (the "partner" role): its name in the chronology, the
# name its messages go out under, and where new referrals are announced (needs only, no names).
name = "Demo Victim Care"
sender_name = "Demo Victim Care"
email = "referrals@example.org"
'''


def write_instance(instance, force_name="Demo Constabulary", demo=False):
    """Create ``instance/mad.toml``. With ``demo`` it holds a random demo secret key."""
    instance = Path(instance)
    instance.mkdir(parents=True, exist_ok=True)
    secret_line = (
        f'# Demo only: real instances set MAD_SECRET_KEY in the environment.\nsecret_key_for_demo_only = "{secrets.token_hex(32)}"\n'
        f'# Demo only: real instances set MAD_ENCRYPTION_KEYS (victims\' contact details are encrypted with it).\n'
        f'encryption_keys_for_demo_only = "{generate_key()}"\n'
        if demo else ""
    )
    path = instance / "mad.toml"
    # The demo shows Operation Encompass (its schools are fictional); a force enables what it uses.
    enabled = '"referral_encompass"' if demo else ""
    path.write_text(CONFIG_TEMPLATE.format(secret_line=secret_line, force_name=force_name.replace('"', ""),
                                           enabled=enabled))
    path.chmod(0o600)
    return path
