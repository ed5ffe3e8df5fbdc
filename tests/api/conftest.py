"""Fixtures for the API tests: an app served on loopback by waitress."""

import threading
from dataclasses import dataclass

import pytest


@dataclass
class Served:
    app: object
    url: str


@pytest.fixture
def serve():
    """Factory: ``serve(app)`` → :class:`Served` with the app answering on a free loopback port."""
    from waitress import create_server

    servers = []

    def start(app):
        server = create_server(app, host="127.0.0.1", port=0, threads=8)
        thread = threading.Thread(target=server.run, name="mad-api-waitress", daemon=True)
        thread.start()
        servers.append((server, thread))
        return Served(app, f"http://127.0.0.1:{server.effective_port}")

    yield start
    for server, thread in servers:
        server.close()
        thread.join(timeout=5)
