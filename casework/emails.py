"""Every e-mail casework sends is made here, from three templates: the subject, the text and the HTML body.

templates/emails/<language>/<name>-subject.txt, -body.txt and, where the message has one, -body.html. No
e-mail carries personal data (docs/threat-model.md): the templates get codes, dates and links, never a name.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string


def make_message(
    name: str, *, to: str, language: str, context: dict, headers: dict[str, str] | None = None
) -> EmailMultiAlternatives:
    """The message `name` in `language`, rendered with `context`; the subject on one line."""
    folder = f"emails/{language}/{name}"
    subject = " ".join(render_to_string(f"{folder}-subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{folder}-body.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers,
    )
    try:
        html = get_template(f"{folder}-body.html")
    except TemplateDoesNotExist:
        return message  # a plain-text message (the account notices)
    message.attach_alternative(html.render(context), "text/html")
    return message
