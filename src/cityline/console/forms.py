"""Console forms. They parse what staff typed; the domain (cases.actions) checks it and decides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cityline.cases.actions import CaseError
from cityline.cases.models import ClosingReason, ContactPreference, Status
from cityline.catalog.models import Datatype, ServiceType
from cityline.core.i18n import pick
from cityline.core.models import current_jurisdiction


def language_choices() -> list[tuple[str, str]]:
    """The city's languages, each named in its own words (as the site's language switch names them)."""
    city = current_jurisdiction()
    names = dict(settings.LANGUAGES)
    return [(code, names.get(code, code)) for code in (city.languages if city else ["en"])]


class StartCallForm(forms.Form):
    number = forms.CharField(label=_("Caller's number"), required=False, max_length=40)
    language = forms.ChoiceField(label=_("Caller's language"), required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Not known yet")), *language_choices()]


def attribute_field_name(code: str) -> str:
    return f"attr_{code}"


class OpenCaseForm(forms.Form):
    """A case for one service type: where, the type's questions, and contact details when needed.

    Fields are not marked required here: whether an answer is needed is the catalog's rule, which
    ``open_case`` applies; its refusals come back on the matching fields.
    """

    service = forms.CharField(widget=forms.HiddenInput)
    description = forms.CharField(label=_("What the caller says"), required=False, widget=forms.Textarea)
    address = forms.CharField(label=_("Address or place"), required=False, max_length=300)
    lat = forms.CharField(required=False, widget=forms.HiddenInput)
    lon = forms.CharField(required=False, widget=forms.HiddenInput)
    first_name = forms.CharField(label=_("First name"), required=False, max_length=100)
    last_name = forms.CharField(label=_("Last name"), required=False, max_length=100)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    email = forms.CharField(label=_("E-mail"), required=False, max_length=254)
    updates = forms.ChoiceField(
        label=_("Updates by"), required=False, choices=[("", _("No updates")), *ContactPreference.choices[:3]]
    )

    def __init__(self, *args: Any, service_type: ServiceType, language: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.service_type = service_type
        self.language = language
        self.attribute_names: list[str] = []
        for attribute in service_type.attributes.all():
            if not attribute.variable:
                continue
            name = attribute_field_name(attribute.code)
            label = attribute.localized("description", language)
            choices = [(str(v["key"]), pick(v.get("name"), language) or str(v["key"])) for v in attribute.values]
            if attribute.datatype == Datatype.SINGLEVALUELIST:
                field = forms.ChoiceField(label=label, required=False, choices=choices, widget=forms.RadioSelect)
            elif attribute.datatype == Datatype.MULTIVALUELIST:
                field = forms.MultipleChoiceField(
                    label=label, required=False, choices=choices, widget=forms.CheckboxSelectMultiple
                )
            elif attribute.datatype == Datatype.TEXT:
                field = forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 2}))
            else:
                field = forms.CharField(label=label, required=False)
            field.catalog_required = attribute.required
            self.fields[name] = field
            self.attribute_names.append(name)

    @property
    def attribute_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.attribute_names]

    @property
    def contact_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("first_name", "last_name", "phone", "email", "updates")]

    @property
    def contact_required(self) -> bool:
        return self.service_type.requires_contact

    def attributes(self) -> dict[str, Any]:
        answers = {}
        for attribute in self.service_type.attributes.all():
            value = self.cleaned_data.get(attribute_field_name(attribute.code))
            if value not in (None, "", []):
                answers[attribute.code] = value
        return answers

    def add_domain_errors(self, error: CaseError) -> None:
        """Put each refusal of the domain on the field it is about."""
        for key, message in error.errors.items():
            if key.startswith("attribute[") and key.endswith("]"):
                name = attribute_field_name(key[len("attribute[") : -1])
            elif key in ("location", "lat", "lon"):
                name = "address"
            elif key == "contact":
                name = "phone"
            elif key == "contact_preference":
                name = "updates"
            else:
                name = key
            self.add_error(name if name in self.fields else None, message)


class CaseLookupForm(forms.Form):
    q = forms.CharField(label=_("Case number, address or words"), required=False, max_length=200)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    public = forms.BooleanField(label=_("Public: the resident and followers see it"), required=False)


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (s, label)
            for s, label in Status.choices
            if s in (Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.SCHEDULED)
        ],
    )
    note = forms.CharField(label=_("Public note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class HoldForm(forms.Form):
    reason = forms.CharField(label=_("Why on hold (the resident sees it)"), max_length=500)


class ResumeForm(forms.Form):
    note = forms.CharField(label=_("Public note"), required=False)


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Closing reason"), choices=[c for c in ClosingReason.choices if c[0] != ClosingReason.DUPLICATE]
    )
    note = forms.CharField(label=_("Public note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why reopen (the resident sees it)"), max_length=500)


class MergeForm(forms.Form):
    parent = forms.CharField(label=_("Merge into case number"), max_length=20)
    note = forms.CharField(label=_("Public note"), required=False)


class AssignForm(forms.Form):
    assignee = forms.TypedChoiceField(label=_("Person"), required=False, coerce=int, empty_value=None)
    department = forms.TypedChoiceField(label=_("Department"), required=False, coerce=int, empty_value=None)
    note = forms.CharField(label=_("Internal note"), required=False)


class ShareForm(forms.Form):
    department = forms.TypedChoiceField(label=_("Share with"), coerce=int)
    note = forms.CharField(label=_("Internal note"), required=False)


class ServiceTypeForm(forms.Form):
    service = forms.CharField(label=_("Correct service type"))
    note = forms.CharField(label=_("Public note"), required=False)


BULK_ACTIONS = [
    ("acknowledge", _("Acknowledge")),
    ("in_progress", _("Mark in progress")),
    ("scheduled", _("Mark scheduled")),
    ("assign", _("Assign to a person")),
    ("hold", _("Put on hold")),
    ("close", _("Close")),
]


class BulkForm(forms.Form):
    action = forms.ChoiceField(label=_("With the selected cases"), choices=BULK_ACTIONS)
    cases = forms.CharField(widget=forms.MultipleHiddenInput, required=False)
    assignee = forms.TypedChoiceField(label=_("Person"), required=False, coerce=int, empty_value=None)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)
    closing_reason = forms.ChoiceField(
        label=_("Closing reason"),
        required=False,
        choices=[c for c in ClosingReason.choices if c[0] != ClosingReason.DUPLICATE],
    )
    note = forms.CharField(label=_("Public note"), required=False)
