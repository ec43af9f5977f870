"""No browser, proxy or shared computer may keep a copy of a page that can show personal data.

One rule instead of a list of views, so that a new page cannot forget it: every response to a signed-in user
and every API response is `Cache-Control: no-store`, except static files and the public API schema and docs,
which carry nobody's data.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse

PUBLIC_API_PATHS = ("/api/schema/", "/api/docs/")


def may_be_stored(request: HttpRequest) -> bool:
    path = request.path
    if path.startswith("/" + settings.STATIC_URL.lstrip("/")) or path.startswith(PUBLIC_API_PATHS):
        return True
    if path.startswith("/api/"):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


class NoStoreMiddleware:
    """Near the top of MIDDLEWARE (right after SecurityMiddleware), so that it sees every response, the
    redirects and errors of the middleware below it included. It reads request.user after the view ran: for
    an API call authenticated by token, DRF has set it by then."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not may_be_stored(request):
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"  # HTTP/1.0 caches, which know no Cache-Control
        return response
