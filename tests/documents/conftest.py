"""The case file's tests: real storage on disk, in a temporary root of each test's own; file builders."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import make_client

SENTINEL = b"ZZSENTINELPDF-4f1c"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    documents = {
        **django_settings.STORAGES["documents"],
        "OPTIONS": {**django_settings.STORAGES["documents"]["OPTIONS"], "location": root},
    }
    settings.STORAGES = {**django_settings.STORAGES, "documents": documents}
    return root


def stored_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def pdf(body: bytes = b"", *, size: int | None = None) -> bytes:
    """A small PDF (not a valid one for a viewer, but one by its signature), padded to `size` bytes."""
    content = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" + body + b"\n(" + SENTINEL + b")\n"
    trailer = b"\n%%EOF\n"
    if size is not None:
        content += b"%" + b"x" * (size - len(content) - len(trailer) - 1)
    return content + trailer


def zipped(entries: list[tuple[str, bytes]], *, stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(entries):
            compress = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=compress)
    return buffer.getvalue()


def docx(extra: list[tuple[str, bytes]] | None = None) -> bytes:
    return zipped(
        [
            ("[Content_Types].xml", b"<Types/>"),
            ("_rels/.rels", b"<Relationships/>"),
            ("word/document.xml", b"<w:document>" + SENTINEL + b"</w:document>"),
            *(extra or []),
        ]
    )


def odt() -> bytes:
    return zipped(
        [
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", b"<office:document-content/>"),
            ("META-INF/manifest.xml", b"<manifest/>"),
        ],
        stored_first=True,
    )


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
HEIF_GENERIC = b"\x00\x00\x00\x1cftypmif1\x00\x00\x00\x00mif1heicmiaf" + b"\x00" * 64


@pytest.fixture
def case(alice):
    return make_client(alice)


def upload_file(content: bytes, name: str = "scan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def post_document(
    api_client, client, content: bytes, *, name: str = "scan.pdf", kind: str = "decision_copy", **fields
):
    return api_client.post(
        f"/api/clients/{client.id}/documents/",
        {"file": upload_file(content, name), "kind": kind, **fields},
        format="multipart",
    )
