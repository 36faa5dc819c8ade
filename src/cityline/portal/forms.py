"""The portal's forms: they parse what a resident typed and say, in the resident's language, what to
fix. The rules themselves stay in the domain (``Attribute.clean_answer``, ``cases.actions``,
``cases.numbers``, ``cases.photos``); these forms call them and translate the refusals."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cityline.cases import numbers
from cityline.cases.photos import PhotoError, clean_photo
from cityline.catalog.models import Attribute, Datatype, ServiceType
from cityline.core.i18n import active_language

MAX_TEXT = 4000


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)


class DescribeForm(forms.Form):
    text = forms.CharField(
        label=_("What is the problem?"),
        help_text=_("Describe it in your own words, as you would tell a neighbour. Say where it is if you can."),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Describe the problem in a few words, for example “pothole in front of my house”."),
            "max_length": _("Keep the description under %(limit_value)d characters."),
        },
    )


class SafetyForm(forms.Form):
    ANSWERS = [
        ("yes", _("Yes, someone is in danger")),
        ("not sure", _("I’m not sure")),
        ("no", _("No, nobody is in danger")),
    ]
    answer = forms.ChoiceField(
        label=_("Is anyone in danger right now?"),
        choices=ANSWERS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an answer: is anyone in danger right now?")},
    )


class ServiceChoiceForm(forms.Form):
    service = forms.ChoiceField(
        label=_("What kind of problem is it?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the kind of problem from the list."),
            "invalid_choice": _("Choose the kind of problem from the list."),
        },
    )

    def __init__(self, *args: Any, services: list[ServiceType], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [(s.code, s.localized("name")) for s in services]


class CaseLookupForm(forms.Form):
    number = forms.CharField(
        label=_("Case number"),
        help_text=_("The 10-digit number on your confirmation, for example 2614 0587 39."),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": _("Enter your case number.")},
    )

    def clean_number(self) -> str:
        try:
            return numbers.parse(self.cleaned_data["number"])
        except numbers.CaseNumberError as exc:
            raise ValidationError(case_number_message(exc)) from None


def case_number_message(error: numbers.CaseNumberError) -> str:
    if error.code == "not_digits":
        return str(_("A case number has digits only. Check it and try again."))
    if error.code == "length":
        return str(
            _("A case number has %(expected)d digits; you typed %(typed)d. Check it and try again.")
            % {"expected": numbers.LENGTH, "typed": error.length}
        )
    return str(_("That case number is not right: one digit may be mistyped or two swapped. Check it and try again."))


class FollowForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("How should we tell you?"),
        choices=[("email", _("E-mail")), ("sms", _("Text message"))],
        widget=forms.RadioSelect,
        initial="email",
        error_messages={"required": _("Choose e-mail or text message.")},
    )
    address = forms.CharField(
        label=_("E-mail address or mobile number"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "email"}),
        error_messages={"required": _("Enter the e-mail address or mobile number to send updates to.")},
    )


def address_error(channel: str) -> str:
    if channel == "sms":
        return str(_("That is not a mobile number we can text. Write it like (620) 555-0100."))
    return str(_("That is not an e-mail address. Write it like name@example.com."))


# --- a service type's questions ------------------------------------------------------------------


def attribute_field_name(attribute: Attribute) -> str:
    return f"attribute_{attribute.code}"


def _attribute_message(attribute: Attribute, value: Any) -> str:
    """A refusal of ``Attribute.clean_answer``, said in the resident's language."""
    empty = value in (None, "", []) or value == [""]
    if empty:
        return str(_("Answer this question."))
    if attribute.datatype == Datatype.NUMBER:
        return str(_("Enter a number, for example 3."))
    if attribute.datatype == Datatype.DATETIME:
        return str(_("Enter a date and time, for example 2026-11-29 14:30."))
    if attribute.datatype in (Datatype.SINGLEVALUELIST, Datatype.MULTIVALUELIST):
        return str(_("Choose from the list."))
    return str(_("This answer is too long; shorten it."))


class AttributeField(forms.Field):
    """One Open311 attribute as a form field; the answer is checked by the attribute itself."""

    def __init__(self, attribute: Attribute, **kwargs: Any):
        self.attribute = attribute
        language = active_language()
        choices = [(str(v["key"]), attribute.value_name(v["key"], language)) for v in attribute.values]
        if attribute.datatype == Datatype.SINGLEVALUELIST:
            widget: forms.Widget = forms.RadioSelect(choices=choices)
        elif attribute.datatype == Datatype.MULTIVALUELIST:
            widget = forms.CheckboxSelectMultiple(choices=choices)
        elif attribute.datatype == Datatype.TEXT:
            widget = forms.Textarea(attrs={"rows": 3, "maxlength": 4000})
        elif attribute.datatype == Datatype.NUMBER:
            widget = forms.TextInput(attrs={"inputmode": "decimal"})
        elif attribute.datatype == Datatype.DATETIME:
            widget = forms.DateTimeInput(attrs={"type": "datetime-local"})
        else:
            widget = forms.TextInput(attrs={"maxlength": 500})
        super().__init__(
            label=attribute.localized("description", language),
            help_text=attribute.localized("datatype_description", language),
            required=False,  # the attribute decides, in clean()
            widget=widget,
            **kwargs,
        )
        self.choices = choices
        self.is_required = attribute.required

    def clean(self, value: Any) -> Any:
        if self.attribute.datatype == Datatype.DATETIME and isinstance(value, str):
            value = value.strip().replace(" ", "T", 1)
        try:
            return self.attribute.clean_answer(value)
        except ValidationError:
            raise ValidationError(_attribute_message(self.attribute, value)) from None

    def bound_data(self, data: Any, initial: Any) -> Any:
        return data


def add_attribute_fields(form: forms.Form, service_type: ServiceType, initial: dict[str, Any]) -> list[tuple[str, str]]:
    """Add a field for each question of ``service_type``. Returns the layout in order:
    ("field", field name) for a question, ("text", line) for an informational line."""
    layout: list[tuple[str, str]] = []
    for attribute in service_type.attributes.all():
        if not attribute.variable:
            layout.append(("text", attribute.localized("description")))
            continue
        name = attribute_field_name(attribute)
        form.fields[name] = AttributeField(attribute, initial=initial.get(attribute.code))
        layout.append(("field", name))
    return layout


def _items(form: forms.Form, layout: list[tuple[str, str]]) -> list[tuple[str, Any]]:
    return [(kind, form[value] if kind == "field" else value) for kind, value in layout]


def attribute_answers(form: forms.Form, service_type: ServiceType) -> dict[str, Any]:
    answers = {}
    for attribute in service_type.attributes.all():
        name = attribute_field_name(attribute)
        value = form.cleaned_data.get(name)
        if value not in (None, "", []):
            answers[attribute.code] = value
    return answers


# --- photos --------------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to a few photos: each checked (type, size), turned upright and stripped of metadata."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"})

    def clean(self, data: Any, initial: Any = None) -> list[tuple[str, Any]]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        cleaned = []
        for upload in files:
            try:
                photo = clean_photo(upload, max_bytes=settings.CITYLINE_PHOTO_MAX_BYTES)
            except PhotoError as exc:
                raise ValidationError(photo_message(exc, upload.name)) from None
            cleaned.append((upload.name, photo))
        return cleaned


def photo_message(error: PhotoError, name: str) -> str:
    limit = filesizeformat(settings.CITYLINE_PHOTO_MAX_BYTES)
    messages = {
        "too_large": _(
            "“%(name)s” is larger than %(limit)s. Choose a smaller photo, or take a new one at a lower size."
        ),
        "empty": _("“%(name)s” is empty. Choose the photo again."),
        "unsupported": _("“%(name)s” is not a JPEG, PNG, WebP or GIF photo. Choose a photo in one of those types."),
        "too_many_pixels": _("“%(name)s” is too big a picture. Choose a smaller photo."),
    }
    template = messages.get(error.code, _("“%(name)s” is not a photo we can read. Choose a JPEG or PNG photo."))
    return str(template % {"name": name, "limit": limit})


# --- the details step ---------------------------------------------------------------------------


class DetailsForm(forms.Form):
    description = forms.CharField(
        label=_("Describe the problem"),
        help_text=_("What you see, and anything that helps the crew find it."),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Keep the description under %(limit_value)d characters.")},
    )
    address = forms.CharField(
        label=_("Street address or nearest address"),
        help_text=_("For example 100 N Main St. You can also put a pin on the map."),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput)
    resolved = forms.CharField(required=False, widget=forms.HiddenInput)
    pinned = forms.CharField(required=False, widget=forms.HiddenInput)
    address_choice = forms.CharField(required=False)
    address_as_written = forms.BooleanField(label=_("Use the address as I wrote it"), required=False)
    photos = PhotosField(
        label=_("Photos (optional)"),
        help_text=pgettext_lazy("photo help", "Up to %(count)d photos, JPEG or PNG, up to %(limit)s each."),
        required=False,
    )
    remove_photo = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    # Asked only when the service type needs a way to reach the resident.
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        required=False,
        error_messages={"invalid": _("That is not an e-mail address. Write it like name@example.com.")},
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    contact_preference = forms.ChoiceField(
        label=_("Send me updates by"),
        choices=[("email", _("E-mail")), ("sms", _("Text message")), ("none", _("No updates, thank you"))],
        widget=forms.RadioSelect,
        required=False,
    )

    CONTACT_FIELDS = ("first_name", "last_name", "email", "phone", "contact_preference")

    def __init__(self, *args: Any, service_type: ServiceType, draft: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.service_type = service_type
        self.layout = add_attribute_fields(self, service_type, draft.attributes)
        self.needs_contact = service_type.requires_contact
        if not self.needs_contact:
            for name in self.CONTACT_FIELDS:
                del self.fields[name]
        self.fields["remove_photo"].choices = [(str(i), p.name) for i, p in enumerate(draft.photo_list)]
        self.fields["photos"].help_text = self.fields["photos"].help_text % {
            "count": settings.CITYLINE_PHOTOS_PER_REPORT,
            "limit": filesizeformat(settings.CITYLINE_PHOTO_MAX_BYTES),
        }
        self.attribute_items = _items(self, self.layout)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        missing_contact = not (data.get("email") or (data.get("phone") or "").strip())
        if self.needs_contact and missing_contact and "email" not in self.errors:
            self.add_error(
                "email",
                _(
                    "The department needs a way to reach you about this report: give an e-mail address or a phone number."
                ),
            )
        preference = data.get("contact_preference")
        if preference == "email" and "email" in self.fields and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Give an e-mail address for updates by e-mail, or choose another way."))
        if preference == "sms" and "phone" in self.fields and not (data.get("phone") or "").strip():
            self.add_error("phone", _("Give a mobile number for updates by text message, or choose another way."))
        return data


class CorrectionForm(forms.Form):
    """ "This directory entry is wrong": the correction service type's questions, and a note."""

    description = forms.CharField(
        label=_("What is wrong, and what should it say?"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        required=False,
        error_messages={"invalid": _("That is not an e-mail address. Write it like name@example.com.")},
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args: Any, service_type: ServiceType, prefill: dict[str, Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.service_type = service_type
        self.layout = add_attribute_fields(self, service_type, prefill)
        self.attribute_items = _items(self, self.layout)
        self.needs_contact = service_type.requires_contact
        if not self.needs_contact:
            del self.fields["email"]
            del self.fields["phone"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        missing_contact = not (data.get("email") or (data.get("phone") or "").strip())
        if self.needs_contact and missing_contact and "email" not in self.errors:
            self.add_error(
                "email",
                _("The clerk needs a way to reach you about this: give an e-mail address or a phone number."),
            )
        if not data.get("description") and not any(kind == "field" for kind, _ in self.layout):
            self.add_error("description", _("Say what is wrong in the listing."))
        return data


# --- refusals from cases.actions, in the resident's language -----------------------------------------


def case_error_messages(error: Any, form: forms.Form) -> dict[str | None, str]:
    """``CaseError.errors`` mapped onto the form's fields, each said in the resident's language.

    The portal checks most things itself first; this is the safety net for what only the domain
    knows (a location outside the city, contact details a type needs, an answer it refuses).
    """
    messages: dict[str | None, str] = {}
    for key, text in error.errors.items():
        if key.startswith("attribute[") and key.endswith("]"):
            name = "attribute_" + key[len("attribute[") : -1]
            field = form.fields.get(name)
            if isinstance(field, AttributeField):
                messages[name] = _attribute_message(field.attribute, form.data.get(name))
                continue
        if key == "location" and "address" in form.fields:
            messages["address"] = str(
                _("We could not use this place. Check the address, or put the pin inside the city limits on the map.")
            )
        elif key == "contact" and "email" in form.fields:
            messages["email"] = str(
                _(
                    "The department needs a way to reach you about this report: give an e-mail address or a phone number."
                )
            )
        elif key == "email" and "email" in form.fields:
            messages["email"] = str(_("That is not an e-mail address. Write it like name@example.com."))
        elif key == "phone" and "phone" in form.fields:
            messages["phone"] = str(_("That is not a phone number we can call back. Write it like (620) 555-0100."))
        elif key == "description" and "description" in form.fields:
            messages["description"] = str(
                _("Keep the description under %(limit_value)d characters.") % {"limit_value": MAX_TEXT}
            )
        else:
            # Something the portal did not foresee: say it as the domain said it, not as a 500.
            messages[None] = text
    return messages


def outside_city_message() -> str:
    from cityline.core.models import current_jurisdiction

    city = current_jurisdiction()
    return str(
        _(
            "This place is outside the %(city)s. 311 takes reports inside the city only: check the address or move the pin."
        )
        % {"city": city.localized("name") if city else ""}
    )
