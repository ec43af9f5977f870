"""What a file is, from its content as it streams past — never from its name or the browser's word.

Allowed: PDF, JPEG, PNG, HEIC, DOCX and ODT (the last two recognised by the entries of their ZIP container,
read from the local file headers as they pass, so nothing needs to be kept or seeked). Everything else is
refused with a reason: a program renamed `.pdf`, a web page, an SVG image (it can carry scripts), another
archive, a DOCX with macros, an empty file. A PDF with JavaScript or encryption is accepted and flagged.

The PDF checks read names (`/JavaScript`, `/JS`, `/Encrypt`, with `#xx` escapes undone) in the raw bytes;
names inside compressed object streams are not seen. The flag is a warning, not a guarantee.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
HEIC = "image/heic"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
ALLOWED_TYPES = (PDF, JPEG, PNG, HEIC, DOCX, ODT)

# Error messages (the API's 400 on `file`); they name the file's kind, never its content or name.
REFUSED_EMPTY = "The file is empty."
REFUSED_EXECUTABLE = "The file is a program, not a document."
REFUSED_HTML = "The file is a web page (HTML); save or print it as PDF instead."
REFUSED_SVG = "SVG images can carry scripts; send a PNG, a JPEG or a PDF instead."
REFUSED_ARCHIVE = "The file is an archive, not a DOCX or ODT document."
REFUSED_MACROS = "The document contains macros; save it as a plain DOCX or as PDF."
REFUSED_UNKNOWN = "casework keeps PDF, JPEG, PNG, HEIC, DOCX and ODT files; this file is none of them."

HEAD_BYTES = 1024
OVERLAP = 512  # longer than any PDF name or ZIP local header we look for
DECIDE_AFTER = 64  # bytes of the head that settle the candidate type (an ftyp box with its brands)
HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"}
HEIF_GENERIC_BRANDS = {b"mif1", b"msf1"}
ZIP_LOCAL_HEADER = b"PK\x03\x04"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
PDF_NAME = re.compile(rb"/([A-Za-z0-9#]{2,20})")
PDF_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")


@dataclass(frozen=True)
class Verdict:
    content_type: str | None  # None: refused
    reason: str = ""
    pdf_has_javascript: bool = False
    pdf_encrypted: bool = False

    @property
    def accepted(self) -> bool:
        return self.content_type is not None


def _head_type(head: bytes) -> str | None:
    """The candidate type from the first bytes; a container's contents are checked later."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[4:8] == b"ftyp" and len(head) >= 12:
        major = head[8:12]
        box_size = struct.unpack(">I", head[:4])[0]
        compatible = {head[i : i + 4] for i in range(16, min(box_size, len(head)) - 3, 4)}
        if major in HEIC_BRANDS or (major in HEIF_GENERIC_BRANDS and compatible & HEIC_BRANDS):
            return HEIC
        return None
    if head.startswith(ZIP_LOCAL_HEADER):
        return "zip"
    return None


def _text_refusal(head: bytes) -> str:
    text = head.lstrip(b"\xef\xbb\xbf\xfe\xff\x00 \t\r\n").lower().replace(b"\x00", b"")
    if head.startswith((b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"#!")):
        return REFUSED_EXECUTABLE
    if b"<svg" in text:
        return REFUSED_SVG
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script")) or b"<html" in text:
        return REFUSED_HTML
    if head.startswith((b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b", b"PK\x05\x06")):
        return REFUSED_ARCHIVE
    return REFUSED_UNKNOWN


class Sniffer:
    """Feed the plaintext in order (`feed`), then ask for the `verdict`. Keeps the first kilobyte and a
    small overlap between pieces, nothing more."""

    def __init__(self) -> None:
        self._head = bytearray()
        self._candidate: str | None = None
        self._decided = False
        # The end of the previous piece, for names split across two pieces; each window is scanned whole,
        # so a name in the overlap is seen twice, which flags and a set of names do not mind.
        self._tail = b""
        self._offset = 0  # of the tail's first byte in the file
        self._zip_names: set[bytes] = set()
        self._first_zip_entry: tuple[bytes, bytes] | None = None  # (name, first bytes of the stored data)
        self.pdf_has_javascript = False
        self.pdf_encrypted = False

    def feed(self, data: bytes) -> None:
        if not data:
            return
        if len(self._head) < HEAD_BYTES:
            self._head += data[: HEAD_BYTES - len(self._head)]
        if not self._decided and len(self._head) >= DECIDE_AFTER:
            self._candidate, self._decided = _head_type(bytes(self._head)), True
        window = self._tail + data
        start = self._offset
        if self._candidate == PDF or not self._decided:
            self._scan_pdf(window, final=False)
        if self._candidate == "zip" or not self._decided:
            self._scan_zip(window, start)
        self._tail = window[-OVERLAP:]
        self._offset = start + len(window) - len(self._tail)

    def _scan_pdf(self, window: bytes, *, final: bool) -> None:
        for match in PDF_NAME.finditer(window):
            if match.end() == len(window) and not final:
                continue  # possibly cut off ("/JS" of "/JSomething"): the next window has it whole
            name = PDF_HEX.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1))
            if name in (b"JavaScript", b"JS"):
                self.pdf_has_javascript = True
            elif name == b"Encrypt":
                self.pdf_encrypted = True

    def _scan_zip(self, window: bytes, start: int) -> None:
        position = window.find(ZIP_LOCAL_HEADER)
        while position != -1:
            absolute = start + position
            header = window[position : position + 30]
            if len(header) < 30:
                break  # the next window sees it whole
            name_length, extra_length = struct.unpack("<HH", header[26:30])
            name_end = position + 30 + name_length
            if name_end > len(window):
                break
            name = window[position + 30 : name_end]
            if len(self._zip_names) < 10_000:
                self._zip_names.add(name)
            if absolute == 0:
                # ODT's first entry is `mimetype`, stored uncompressed: its data is the type itself.
                (stored_size,) = struct.unpack("<I", header[18:22])
                data_start = name_end + extra_length
                stored = window[data_start : data_start + min(stored_size, 100)]
                self._first_zip_entry = (name, stored if len(stored) == stored_size else b"")
            position = window.find(ZIP_LOCAL_HEADER, position + 4)

    def verdict(self) -> Verdict:
        head = bytes(self._head)
        if not head:
            return Verdict(None, REFUSED_EMPTY)
        candidate = self._candidate if self._decided else _head_type(head)
        if candidate == "zip":
            return self._zip_verdict()
        if candidate == PDF:
            self._scan_pdf(self._tail, final=True)
            return Verdict(PDF, pdf_has_javascript=self.pdf_has_javascript, pdf_encrypted=self.pdf_encrypted)
        if candidate is not None:
            return Verdict(candidate)
        return Verdict(None, _text_refusal(head))

    def _zip_verdict(self) -> Verdict:
        names = self._zip_names
        if self._first_zip_entry == (b"mimetype", ODT_MIMETYPE):
            return Verdict(ODT)
        if b"[Content_Types].xml" in names and b"word/document.xml" in names:
            if b"word/vbaProject.bin" in names:
                return Verdict(None, REFUSED_MACROS)
            return Verdict(DOCX)
        return Verdict(None, REFUSED_ARCHIVE)


def sniff(data: bytes) -> Verdict:
    sniffer = Sniffer()
    sniffer.feed(data)
    return sniffer.verdict()
