"""What an uploaded file really is, read from its bytes, and the name it is stored and sent under.

A leaflet is emailed to victims under its stored name, so the name must never come from the
uploader: ``leaflet.hta`` or ``setup.exe`` holding PDF bytes is stored as ``leaflet.pdf`` /
``setup.pdf``. HTML (which a mail client or browser would run as a page) and anything executable
are refused with the reason, whatever the name says.
"""

import re
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from werkzeug.utils import secure_filename

ALLOWED = "Leaflets must be a PDF, PNG, JPEG or text file"


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str
    label: str


PDF = FileType("application/pdf", ".pdf", "PDF")
PNG = FileType("image/png", ".png", "PNG image")
JPEG = FileType("image/jpeg", ".jpg", "JPEG image")
TEXT = FileType("text/plain", ".txt", "text file")

_SIGNATURES = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))
#: First bytes of programs and of containers that may carry them.
_EXECUTABLES = (
    (b"MZ", "a Windows program"), (b"\x7fELF", "a Linux program"), (b"#!", "a script"),
    (b"\xcf\xfa\xed\xfe", "a Mac program"), (b"\xca\xfe\xba\xbe", "a Mac or Java program"),
    (b"PK\x03\x04", "a zip archive (it may hold a program)"),
    (b"\xd0\xcf\x11\xe0", "an installer or Office file with possible macros"),
)
_HTML = re.compile(rb"<\s*(!doctype|html|head|body|script|iframe|object|embed|svg|meta|hta:|a\s|img\s|form|style|link)",
                   re.IGNORECASE)
_SCRIPT_TEXT = re.compile(rb"^\s*(@echo|echo\s|rem\s|set\s+\w+=|powershell|cmd(\.exe)?\s|start\s|"
                          rb"createobject|wscript|function\s*\w*\s*\(|var\s+\w+\s*=)", re.IGNORECASE | re.MULTILINE)


class RefusedFile(ValueError):
    """The file cannot be a leaflet; the message says why and what to upload instead."""


def detect(data):
    """The :class:`FileType` of ``data`` judged by its bytes; raises :class:`RefusedFile` with the reason.

    Called by :func:`core.directory.editing.add_leaflet`.
    """
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    for signature, what in _EXECUTABLES:
        if data.startswith(signature):
            raise RefusedFile(f"This file is {what}, which is never sent to victims. {ALLOWED}.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise RefusedFile(f"The toolkit cannot tell what this file is. {ALLOWED}.") from None
    if "\x00" in text:
        raise RefusedFile(f"The toolkit cannot tell what this file is. {ALLOWED}.")
    if _HTML.search(data):
        raise RefusedFile("This file is a web page (HTML), which an email would open and run. "
                          f"Save it as a PDF and upload that: {ALLOWED}.")
    if _SCRIPT_TEXT.search(data):
        raise RefusedFile(f"This file holds commands a computer would run (a script). {ALLOWED}.")
    return TEXT


def stored_name(uploaded_name, kind, default="leaflet"):
    """The name to store and send a file under: the uploaded name's stem, made safe, and ``kind``'s extension.

    ``leaflet.hta`` → ``leaflet.pdf`` for a PDF; ``C:\\Users\\x\\plan.final.exe`` → ``plan-final.pdf``.
    """
    name = PureWindowsPath(PurePosixPath(uploaded_name or "").name).name
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    safe = secure_filename(stem.replace(".", "-")).strip("-_")[:120] or default
    return safe + kind.extension
