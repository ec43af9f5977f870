from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from casework.access import Actor
from casework.models import Language, Membership, Organisation, Role
from casework.services.api_tokens import token_create

__all__ = ["organisation_create", "token_create", "user_create", "user_language_set"]  # token_create: moved

UNKNOWN_TIMEZONE = "Unknown time zone: use an IANA name such as Europe/Moscow."
# The same words wherever the name is in use: they do not say in which organisation (usernames are unique on
# the whole installation, so existence itself cannot be hidden; docs/authentication.md).
USERNAME_TAKEN = "That username cannot be used. Choose another one."
INSTANCE_ADMIN_ROLE = "The instance administrator must have the admin role."


def organisation_create(*, name: str, timezone: str | None = None) -> Organisation:
    timezone = timezone or settings.TIME_ZONE
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError({"timezone": [UNKNOWN_TIMEZONE]}) from error
    base = slugify(name)[:50] or "org"
    slug, suffix = base, 1
    with transaction.atomic():
        while Organisation.objects.filter(slug=slug).exists():
            suffix += 1
            slug = f"{base}-{suffix}"
        return Organisation.objects.create(name=name, slug=slug, timezone=timezone)


def user_create(
    *,
    organisation: Organisation,
    username: str,
    password: str | None,
    role: str,
    email: str = "",
    language: str = Language.RUSSIAN,
    check_password: bool = True,
    instance_admin: bool = False,
):
    """``instance_admin``: the administrator of the whole installation (Django's superuser flag), who may
    also export network tables pooled across organisations. Only an admin can be one."""
    User = get_user_model()
    if role not in Role.values:
        raise ValidationError({"role": [f"Choose one of {', '.join(Role.values)}."]})
    if instance_admin and role != Role.ADMIN:
        raise ValidationError({"role": [INSTANCE_ADMIN_ROLE]})
    if language not in Language.values:
        raise ValidationError({"language": [f"Choose one of {', '.join(Language.values)}."]})
    # NFKC, as the login form normalises what is typed: "ａlice" would log in as "alice", so it is her name.
    username = User.normalize_username(username.strip())
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": [USERNAME_TAKEN]})
    user = User(username=username, email=email, is_superuser=instance_admin)
    if check_password and password is not None:
        validate_password(password, user)
    user.set_password(password)  # None: an unusable password, the account cannot log in
    with transaction.atomic():
        user.save()
        Membership.objects.create(user=user, organisation=organisation, role=role, language=language)
    return user


def user_language_set(*, actor: Actor, language: str) -> None:
    if language not in Language.values:
        raise ValidationError({"language": [f"Choose one of {', '.join(Language.values)}."]})
    Membership.objects.filter(user=actor).update(language=language)
