"""A draft from a deadline card: the form asks only for the template's free fields (what the case does not
know), then casework writes the DOCX into the case file and shows its document page."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods

from casework.drafts.templates import MAX_FIELD, DraftTemplate, template_get
from casework.selectors.clients import client_get_for
from casework.selectors.drafts import drafts_for
from casework.services.drafts import ANNEX, draft_generate
from casework.web.access import case_work_required

MISSING = gettext_lazy("The case does not know this; write it here.")


class DraftForm(forms.Form):
    def __init__(self, template: DraftTemplate, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for spec in template.fields:
            widget = forms.Textarea(attrs={"rows": 4}) if spec.multiline else forms.TextInput()
            self.fields[spec.name] = forms.CharField(
                label=str(spec.label),
                help_text=str(spec.help),
                required=False,  # the service says what is missing, the same for the web and the API
                max_length=MAX_FIELD,
                widget=widget,
            )
            if spec.required:
                widget.attrs["required"] = "required"
        self.fields[ANNEX] = forms.BooleanField(
            label=gettext_lazy("Append how the deadline was counted (for the lawyer, not for filing)"),
            required=False,
        )


@require_http_methods(["GET", "POST"])
@case_work_required
def draft_page(request, client_id: UUID, template: str):
    client = client_get_for(actor=request.user, client_id=client_id)
    draft_template = template_get(template)
    deadline_key = (request.POST.get("deadline") if request.method == "POST" else None) or request.GET.get(
        "deadline", ""
    )
    if draft_template is None:
        raise Http404
    offer = next(
        (
            offer
            for offer in drafts_for(actor=request.user, client=client)
            if offer.template.id == draft_template.id and offer.deadline.key == deadline_key
        ),
        None,
    )
    if offer is None:
        raise Http404  # no such deadline now, or the template does not fit it
    status = 200
    if request.method == "POST":
        form = DraftForm(draft_template, request.POST)
        if form.is_valid():
            fields = {name: value for name, value in form.cleaned_data.items() if name != ANNEX}
            if form.cleaned_data.get(ANNEX):
                fields[ANNEX] = "1"
            try:
                result = draft_generate(
                    actor=request.user,
                    client=client,
                    template=draft_template.id,
                    deadline_key=deadline_key,
                    fields=fields,
                )
            except ValidationError as error:
                for name in error.message_dict.get("missing", []):
                    form.add_error(name, MISSING)
                for name, messages in error.message_dict.items():
                    if name != "missing":
                        for message in messages:
                            form.add_error(name if name in form.fields else None, gettext(message))
            else:
                return redirect("web:document", client.id, result.document.id)
        status = 400
    else:
        form = DraftForm(draft_template)
    context = {
        "client": client,
        "template": draft_template,
        "deadline": offer.deadline,
        "form": form,
        "missing": [field.label for field in draft_template.fields if field.required],
    }
    return render(request, "casework/draft.html", context, status=status)
