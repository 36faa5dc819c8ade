from __future__ import annotations

from django import forms


class PageAnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("accept", "Accept"), ("pass", "Pass to the next person")])


class KeypadForm(forms.Form):
    Digits = forms.CharField(required=False, max_length=8)
