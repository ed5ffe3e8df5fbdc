"""Uploaded files: the stored name comes from what the bytes are; HTML and programs are refused."""

import io
import re

import pytest

from core.files import JPEG, PDF, PNG, TEXT, RefusedFile, detect, stored_name
from core.testing import csrf_from

PDF_BYTES = b"%PDF-1.4 a leaflet"


@pytest.mark.parametrize("uploaded, data, expected", [
    ("leaflet.hta", PDF_BYTES, "leaflet.pdf"),
    ("setup.exe", PDF_BYTES, "setup.pdf"),
    ("leaflet.bat", b"Ring us any time on 0161 496 0123.", "leaflet.txt"),
    ("photo.pdf", b"\xff\xd8\xff\xe0 jpeg", "photo.jpg"),
    ("map", b"\x89PNG\r\n\x1a\n rest", "map.png"),
    ("C:\\Users\\pc\\plan.final.exe", PDF_BYTES, "plan-final.pdf"),
    ("../../etc/passwd", b"just words", "passwd.txt"),
    (".hta", PDF_BYTES, "hta.pdf"),
    ("", PDF_BYTES, "leaflet.pdf"),
])
def test_the_stored_name_takes_the_detected_type_never_the_uploaded_extension(uploaded, data, expected):
    assert stored_name(uploaded, detect(data)) == expected


@pytest.mark.parametrize("data, reason", [
    (b"<html><body>Click</body></html>", "web page (HTML)"),
    (b"  <!DOCTYPE html><p>hi", "web page (HTML)"),
    (b'<HTA:APPLICATION ID="x"><script>new ActiveXObject("WScript.Shell")</script>', "web page (HTML)"),
    (b"<svg onload=alert(1)>", "web page (HTML)"),
    (b"MZ\x90\x00\x03", "Windows program"),
    (b"\x7fELF\x02\x01", "Linux program"),
    (b"#!/bin/sh\nrm -rf /", "a script"),
    (b"@echo off\r\nformat c:", "a script"),
    (b"PK\x03\x04 jar", "zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 msi", "installer"),
    (b"\x00\x01\x02\xfe\xff", "cannot tell what this file is"),
])
def test_html_and_programs_are_refused_with_the_reason(data, reason):
    with pytest.raises(RefusedFile, match=re.escape(reason)) as refused:
        detect(data)
    assert "PDF, PNG, JPEG or text" in str(refused.value)


def test_the_four_kinds_are_recognised():
    assert [detect(d) for d in (PDF_BYTES, b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", "Croeso – welcome".encode())] == \
        [PDF, PNG, JPEG, TEXT]


def test_a_vsc_uploading_the_probes_files_gets_safe_names_or_a_clear_refusal(make_mad_app, signed_in):
    from core.directory.editing import save_service
    from core.directory.schemas import load_service
    from core.models.directory import DirectoryAttachment

    app = make_mad_app()
    with app.extensions["mad"].session() as session:
        service, _changed = save_service(session, load_service({
            "name": "Harbour Support Line", "description": "Listening.", "needs": ["fraud_scams"],
            "phone": "0161 496 0555", "last_assured_on": "2026-11-01"}), "Sam VSC")
        service_id = service.id
    vsc, _user = signed_in(app, role="vsc")
    token = csrf_from(vsc.get(f"/directory/manage/services/{service_id}").get_data(as_text=True))

    def upload(name, data, mimetype):
        return vsc.post(f"/directory/manage/services/{service_id}/leaflets", content_type="multipart/form-data",
                        data={"csrf_token": token, "leaflet": (io.BytesIO(data), name, mimetype)})

    assert upload("leaflet.hta", PDF_BYTES, "application/hta").status_code == 302
    assert upload("setup.exe", PDF_BYTES, "application/octet-stream").status_code == 302
    assert upload("leaflet.bat", b"Open 9 to 5.", "application/x-msdos-program").status_code == 302
    refused = upload("leaflet.html", b"<html><script>alert(1)</script></html>", "text/html")
    assert refused.status_code == 400 and "web page (HTML)" in refused.get_data(as_text=True)
    with app.extensions["mad"].session() as session:
        stored = [(a.filename, a.content_type) for a in session.query(DirectoryAttachment).order_by(DirectoryAttachment.id)]
    assert stored == [("leaflet.pdf", "application/pdf"), ("setup.pdf", "application/pdf"), ("leaflet.txt", "text/plain")]
