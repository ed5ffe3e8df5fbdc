"""What every scenario keeps: the app under test, the browser signed in to it and who is signed in."""

from dataclasses import dataclass


@dataclass
class Scenario:
    """The state each feature's ``case`` builds on; a feature's own class adds what its steps remember."""

    app: object = None
    client: object = None
    user: object = None  # who ``client`` is signed in as

    @property
    def mad(self):
        """The toolkit behind the app: its database, dispatcher, channels and configuration."""
        return self.app.extensions["mad"]
