"""WSGI entry point for gunicorn (force scale): ``gunicorn 'core.wsgi:app'``.

The instance folder comes from ``MAD_INSTANCE``; secrets and URLs from the environment. Web
processes built here do not run the embedded dispatcher: with ``MAD_BROKER_URL`` set they enqueue
each stored message for ``mad worker`` processes (see README "Running at force scale"). Each
worker builds the directory's search index in the background as it starts
(:mod:`core.directory.warmup`), so no officer's first search waits for it.
"""

from core import create_app
from core.directory.warmup import warm_in_background

app = create_app()
warm_in_background(app.extensions["mad"])
