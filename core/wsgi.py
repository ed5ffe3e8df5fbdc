"""WSGI entry point for gunicorn (force scale): ``gunicorn 'core.wsgi:app'``.

The instance folder comes from ``MAD_INSTANCE``; secrets and URLs from the environment. Web
processes built here do not run the embedded dispatcher: with ``MAD_BROKER_URL`` set they enqueue
each stored message for ``mad worker`` processes (see README "Running at force scale").
"""

from core import create_app

app = create_app()
