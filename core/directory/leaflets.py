"""A minimal one-page PDF leaflet, so the demo directory has real leaflets to email."""


def _escape(text):
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1", "replace")


def simple_pdf(title, lines=()):
    """Return the bytes of a valid one-page PDF showing ``title`` and ``lines`` (Helvetica).

    Called by the demo loader and the tests; real leaflets are uploaded by VSCs.
    """
    text = [b"BT /F1 18 Tf 56 780 Td (" + _escape(title) + b") Tj ET"]
    for number, line in enumerate(lines):
        text.append(b"BT /F1 11 Tf 56 %d Td (" % (750 - 18 * number) + _escape(line[:95]) + b") Tj ET")
    stream = b"\n".join(text)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
