"""The provider's incoming-message webhook, checked before anything reads it."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator

MESSAGE_ID = RegexValidator(r"^[A-Za-z0-9_:.\-]{1,96}$", "is not a provider message id")
MAX_MEDIA = 10


class IncomingMessageForm(forms.Form):
    # Twilio sends MessageSid (and the older SmsSid); TwiML-compatible providers send one of them.
    MessageSid = forms.CharField(max_length=96, required=False, validators=[MESSAGE_ID])
    SmsSid = forms.CharField(max_length=96, required=False, validators=[MESSAGE_ID])
    From = forms.CharField(max_length=32)
    To = forms.CharField(max_length=32, required=False)
    Body = forms.CharField(max_length=1600, required=False, strip=True)
    NumMedia = forms.IntegerField(min_value=0, max_value=MAX_MEDIA, required=False)

    def __init__(self, data, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        count = self._media_count(data)
        for index in range(count):
            self.fields[f"MediaUrl{index}"] = forms.URLField(max_length=1000, assume_scheme="https")
            self.fields[f"MediaContentType{index}"] = forms.CharField(max_length=100)

    @staticmethod
    def _media_count(data) -> int:
        try:
            return max(0, min(int(data.get("NumMedia") or 0), MAX_MEDIA))
        except (TypeError, ValueError):
            return 0

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("MessageSid") or cleaned.get("SmsSid")) and "MessageSid" not in self.errors:
            self.add_error("MessageSid", "This field is required.")
        return cleaned

    @property
    def message_sid(self) -> str:
        return self.cleaned_data.get("MessageSid") or self.cleaned_data.get("SmsSid")

    def media(self) -> list[tuple[str, str]]:
        count = self.cleaned_data.get("NumMedia") or 0
        return [(self.cleaned_data[f"MediaUrl{i}"], self.cleaned_data[f"MediaContentType{i}"]) for i in range(count)]
