from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import activate
from django.views.decorators.http import require_POST

from casework.models import Language
from casework.services.organisations import user_language_set


@require_POST
def language_switch(request):
    """Switch the interface language; a signed-in user's choice is kept on their membership."""
    language = request.POST.get("language")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in Language.values:
        if request.user.is_authenticated:
            user_language_set(actor=request.user, language=language)
        activate(language)
        secure = not settings.DEBUG
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax", secure=secure)
    return response
