from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SurveyForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How did we do?"),
        choices=[
            (5, _("5 – Excellent")),
            (4, _("4 – Good")),
            (3, _("3 – Fair")),
            (2, _("2 – Poor")),
            (1, _("1 – Very poor")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a number from 1 to 5.")},
    )
    comment = forms.CharField(
        label=_("Anything you want to tell us? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ProviderStatusForm(forms.Form):
    MessageStatus = forms.CharField(required=False, max_length=20)
    ErrorCode = forms.CharField(required=False, max_length=10)
