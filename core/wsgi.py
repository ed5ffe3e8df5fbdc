"""WSGI entry point for gunicorn (force scale): ``gunicorn 'core.wsgi:app'``.

The instance folder comes from ``MAD_INSTANCE``; secrets and URLs from the environment. Web
processes built here do not run the embedded dispatcher: run ``mad dispatch`` workers beside them
(see README).
"""

from core import create_app

app = create_app()
