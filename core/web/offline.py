"""Installable and resilient on officers' phones: the web app manifest, the service worker, and
the force's service directory kept on the device for searching without signal.

The service worker (``core/web/assets/sw.js``) caches the app's shell (styles, scripts, fonts,
the offline pages) and the directory (names, needs, districts, phone numbers, opening hours) —
never a victim's details: it stores only the responses named in its allow-list. Sending needs a
connection; offline, the pages say so plainly and nothing is queued on the device.
"""

import json
from pathlib import Path

from flask import Blueprint, Response, current_app, jsonify, render_template, url_for

from core.directory.needs import NEEDS
from core.labels import label
from core.web.access import current_mad, public

blueprint = Blueprint("offline", __name__)

#: Bump when the cached shell changes shape (the worker drops caches of other versions).
CACHE_VERSION = "mad-v1"


@blueprint.get("/manifest.webmanifest")
@public
def manifest():
    """The web app manifest: the force's name, the toolkit's icon, opening at the home page."""
    force = current_mad().config.force["name"]
    body = {
        "name": f"{force} – Making a Difference",
        "short_name": "MaD Toolkit",
        "description": "Approved updates for victims of crime, and the force's support directory.",
        "id": url_for("home.index"),
        "start_url": url_for("home.index"),
        "scope": url_for("home.index"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1d70b8",
        "icons": [
            {"src": url_for("static", filename="build/icons/mad.svg"), "sizes": "any", "type": "image/svg+xml",
             "purpose": "any"},
            {"src": url_for("static", filename="build/icons/mad-maskable.svg"), "sizes": "any", "type": "image/svg+xml",
             "purpose": "maskable"},
        ],
    }
    return Response(json.dumps(body), mimetype="application/manifest+json")


@blueprint.get("/sw.js")
@public
def service_worker():
    """The service worker, served from the root so that it looks after every page."""
    source = Path(current_app.static_folder, "build", "sw.js").read_text(encoding="utf-8")
    shell = [url_for("static", filename=f"build/{name}") for name in
             ("mad.css", "fonts.css", "mad.mjs", "govuk-frontend.min.js", "moj-frontend.min.js", "offline-directory.mjs")]
    settings = {"version": CACHE_VERSION, "shell": shell, "offlinePage": url_for("offline.page"),
                "directoryPage": url_for("offline.directory"), "directoryData": url_for("offline.directory_data"),
                "directoryPrefix": url_for("directory.index"), "staticPrefix": url_for("static", filename="build/")}
    body = f"const MAD = {json.dumps(settings)};\n{source}"
    return Response(body, mimetype="text/javascript", headers={"Service-Worker-Allowed": "/", "Cache-Control": "no-cache"})


@blueprint.get("/offline")
@public
def page():
    """What the phone shows when a page cannot be reached: no signal, nothing sent, the directory still works."""
    return render_template("offline/offline.html")


@blueprint.get("/directory/offline")
def directory():
    """Find support from the copy of the directory kept on this device (works with or without signal)."""
    return render_template("offline/directory.html")


@blueprint.get("/directory/offline.json")
def directory_data():
    """The directory as the device keeps it: services and needs, and nothing about any victim."""
    mad = current_mad()
    services, missing = [], []
    for provider in mad.directory_providers.values():
        try:
            records = provider.all()
        except Exception:  # a feed that is down: keep the others
            missing.append(provider.title)
            continue
        for record in records:
            services.append({
                "key": record.key, "name": record.name, "organisation": record.organisation,
                "description": record.description, "needs": [label("need", n) for n in record.needs],
                "need_codes": list(record.needs), "districts": list(record.districts), "phone": record.phone,
                "web": record.web, "email": record.email, "address": record.address,
                "opening_hours": record.opening_hours,
                "url": url_for("directory.show", provider=record.provider, service_id=record.id),
            })
    needs = [{"code": n.code, "label": label("need", n.code), "synonyms": list(n.synonyms)} for n in NEEDS]
    return jsonify({"services": services, "needs": needs, "unavailable": missing,
                    "districts": mad.config.force.get("districts") or []})
