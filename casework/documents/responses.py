"""A document's content as an HTTP response, the same for the web and the API: streamed chunk by chunk,
never cached, never sniffed, and under a policy that keeps it from running in our origin."""

from __future__ import annotations

from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header

# A download: nothing in it may run or load, whatever the browser makes of it.
ATTACHMENT_POLICY = "default-src 'none'; sandbox"
# An image in the document page's frame: shown, but sandboxed like a download.
IMAGE_POLICY = (
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox"
)
# A PDF in the frame: Chromium refuses to start its PDF viewer in a CSP-sandboxed document. The viewer runs in
# a process of its own, with no access to our origin; a PDF flagged with JavaScript is never shown inline.
PDF_POLICY = "default-src 'none'; object-src 'self'; frame-ancestors 'self'"


def content_response(
    opened, *, inline: bool = False, policy: str = ATTACHMENT_POLICY
) -> StreamingHttpResponse:
    """`opened` is the reading door's OpenedDocument. The length lets the reader's client notice a download
    cut short (a chunk failing its check midway ends the stream early)."""
    response = StreamingHttpResponse(opened.chunks, content_type=opened.content_type)
    response["Content-Length"] = str(opened.size)
    response["Content-Disposition"] = content_disposition_header(not inline, opened.name) or "attachment"
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = policy
    if inline:
        response["X-Frame-Options"] = "SAMEORIGIN"  # the document page's own frame, no one else's
    return response
