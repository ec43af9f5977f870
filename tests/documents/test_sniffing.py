"""Types from the content: the allow-list accepted, everything else refused with its reason, PDF flags."""

from __future__ import annotations

import pytest

from casework.documents import sniffing
from casework.documents.sniffing import Sniffer, sniff
from tests.documents.conftest import HEIC, HEIF_GENERIC, JPEG, PNG, docx, odt, pdf, zipped

ACCEPTED = {
    "pdf": (pdf(), sniffing.PDF),
    "jpeg": (JPEG, sniffing.JPEG),
    "png": (PNG, sniffing.PNG),
    "heic": (HEIC, sniffing.HEIC),
    "heif with a heic brand": (HEIF_GENERIC, sniffing.HEIC),
    "docx": (docx(), sniffing.DOCX),
    "odt": (odt(), sniffing.ODT),
}

REFUSED = {
    "empty": (b"", sniffing.REFUSED_EMPTY),
    "a windows program renamed .pdf": (
        b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100,
        sniffing.REFUSED_EXECUTABLE,
    ),
    "a linux program": (b"\x7fELF\x02\x01\x01" + b"\x00" * 100, sniffing.REFUSED_EXECUTABLE),
    "a script": (b"#!/bin/sh\nrm -rf /\n", sniffing.REFUSED_EXECUTABLE),
    "html": (b"<!DOCTYPE html><html><body>hi</body></html>", sniffing.REFUSED_HTML),
    "html with a bom and spaces": (b"\xef\xbb\xbf  \n<HTML><script>x</script></HTML>", sniffing.REFUSED_HTML),
    "svg": (
        b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>',
        sniffing.REFUSED_SVG,
    ),
    "a plain zip": (zipped([("a.txt", b"hello")]), sniffing.REFUSED_ARCHIVE),
    "a docx with macros": (docx([("word/vbaProject.bin", b"\x00")]), sniffing.REFUSED_MACROS),
    "gzip": (b"\x1f\x8b\x08\x00" + b"\x00" * 40, sniffing.REFUSED_ARCHIVE),
    "text": (b"just some text, nothing else", sniffing.REFUSED_UNKNOWN),
    "avif (heif without heic)": (
        b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00mif1avifmiaf" + b"\x00" * 40,
        sniffing.REFUSED_UNKNOWN,
    ),
    "an odt template": (
        zipped([("mimetype", b"application/vnd.oasis.opendocument.text-template")], stored_first=True),
        sniffing.REFUSED_ARCHIVE,
    ),
    "a spreadsheet": (
        zipped([("mimetype", b"application/vnd.oasis.opendocument.spreadsheet")], stored_first=True),
        sniffing.REFUSED_ARCHIVE,
    ),
    "pdf not at the start": (b"junk" + pdf(), sniffing.REFUSED_UNKNOWN),
}


def fed_in_pieces(data: bytes, piece: int) -> sniffing.Verdict:
    sniffer = Sniffer()
    for start in range(0, len(data), piece):
        sniffer.feed(data[start : start + piece])
    return sniffer.verdict()


@pytest.mark.parametrize(("data", "content_type"), ACCEPTED.values(), ids=ACCEPTED.keys())
def test_it_accepts(data, content_type):
    assert sniff(data).content_type == content_type
    assert fed_in_pieces(data, 7).content_type == content_type  # names and headers split across pieces


@pytest.mark.parametrize(("data", "reason"), REFUSED.values(), ids=REFUSED.keys())
def test_it_refuses_with_the_reason(data, reason):
    verdict = sniff(data)

    assert not verdict.accepted and verdict.reason == reason
    assert fed_in_pieces(data, 5).reason == reason


def test_a_docx_deep_in_a_large_archive_is_found_across_pieces():
    data = docx([(f"word/media/image{i}.png", b"\x00" * 3000) for i in range(40)])

    assert fed_in_pieces(data, 4096).content_type == sniffing.DOCX


FLAGS = {
    "plain": (b"", False, False),
    "javascript": (b"<< /S /JavaScript /JS (app.alert(1)) >>", True, False),
    "js only": (b"<< /OpenAction << /JS (x) >> >>", True, False),
    "escaped name": (b"<< /S /J#61vaScript >>", True, False),
    "encrypted": (b"trailer << /Encrypt 5 0 R >>", False, True),
    "both": (b"/JavaScript /Encrypt", True, True),
    "a longer name is no javascript": (b"/JSONData /Encryption", False, False),
}


@pytest.mark.parametrize(("body", "javascript", "encrypted"), FLAGS.values(), ids=FLAGS.keys())
def test_it_flags_pdf_javascript_and_encryption(body, javascript, encrypted):
    data = pdf(b"%" + b"p" * 70_000 + b"\n" + body)  # past the first piece: found while streaming
    for verdict in (sniff(data), fed_in_pieces(data, 3), fed_in_pieces(data, 65536)):
        assert verdict.content_type == sniffing.PDF
        assert (verdict.pdf_has_javascript, verdict.pdf_encrypted) == (javascript, encrypted)


def test_a_name_at_the_very_end_is_seen():
    assert sniff(b"%PDF-1.4\n" + b" " * 20 + b"/JS").pdf_has_javascript
