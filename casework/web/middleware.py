from __future__ import annotations

from django.utils import translation


class UserLanguageMiddleware:
    """A signed-in user's pages are in the language they chose (kept on their membership), on any device."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        membership = getattr(user, "membership", None) if user is not None and user.is_authenticated else None
        if membership is not None:
            translation.activate(membership.language)
            request.LANGUAGE_CODE = membership.language
        return self.get_response(request)
