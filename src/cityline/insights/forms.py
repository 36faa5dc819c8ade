"""The filters every dashboard view takes, and the staffing targets."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from cityline.cases.models import Channel
from cityline.catalog.models import ServiceType
from cityline.core.models import current_jurisdiction
from cityline.directory.models import Department

from .definitions import DEFAULT_ANSWER_SECONDS, DEFAULT_SERVICE_LEVEL, DEFAULT_SHRINKAGE
from .queries import Filters

LONGEST_RANGE_DAYS = 3660  # ten years: what stays online


class DateInput(forms.DateInput):
    input_type = "date"

    def format_value(self, value):
        return value.isoformat() if isinstance(value, date) else value


class FilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DateInput)
    end = forms.DateField(label=_("To"), required=False, widget=DateInput)
    department = forms.TypedChoiceField(label=_("Department"), required=False, coerce=int, empty_value=None)
    service_type = forms.TypedChoiceField(label=_("Service type"), required=False, coerce=int, empty_value=None)
    district = forms.ChoiceField(label=_("District"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    per = forms.ChoiceField(
        label=_("Trend per"),
        required=False,
        choices=[("", _("Automatic")), ("day", _("Day")), ("week", _("Week")), ("month", _("Month"))],
    )

    def __init__(self, *args, today: date, scope: frozenset[int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.scope = scope
        departments = Department.objects.filter(active=True)
        if scope is not None:
            departments = departments.filter(pk__in=scope)
        all_label = _("All") if scope is None else _("All of mine")
        self.fields["department"].choices = [("", all_label)] + [(d.pk, d.localized("name")) for d in departments]
        types = ServiceType.objects.filter(active=True).order_by("name")
        self.fields["service_type"].choices = [("", _("All"))] + [(s.pk, s.localized("name")) for s in types]
        city = current_jurisdiction()
        districts = list(city.districts.all()) if city else []
        self.fields["district"].choices = [("", _("All"))] + [(d.code, d.localized("name")) for d in districts]
        self.fields["channel"].choices = [("", _("All"))] + [(code, label) for code, label in Channel.choices]
        languages = city.languages if city else ["en"]
        names = {"en": _("English"), "es": _("Spanish")}
        self.fields["language"].choices = [("", _("All"))] + [(code, names.get(code, code)) for code in languages]

    def clean(self):
        cleaned = super().clean()
        start = cleaned.get("start") or self.today - timedelta(days=29)
        end = cleaned.get("end") or self.today
        if "start" in self.errors or "end" in self.errors:
            return cleaned
        if start > end:
            self.add_error(
                "end",
                _("The end date is before the start date: choose an end on or after %(start)s.")
                % {"start": start.isoformat()},
            )
        elif (end - start).days > LONGEST_RANGE_DAYS:
            self.add_error("start", _("Choose a range of at most ten years."))
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def out_of_scope(self) -> bool:
        """Asked for a department outside the viewer's own (the view refuses it: 403)."""
        if self.scope is None or not self.is_bound:
            return False
        asked = str(self.data.get("department") or "")
        return asked.isdigit() and int(asked) not in self.scope and Department.objects.filter(pk=int(asked)).exists()

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            start=data["start"],
            end=data["end"],
            department_id=data.get("department"),
            service_type_id=data.get("service_type"),
            district=data.get("district") or "",
            channel=data.get("channel") or "",
            language=data.get("language") or "",
            scope=self.scope,
            per=data.get("per") or "",
        )


class StaffingForm(forms.Form):
    service_level = forms.IntegerField(
        label=_("Share of calls answered in time (%)"),
        min_value=1,
        max_value=99,
        required=False,
        initial=round(DEFAULT_SERVICE_LEVEL * 100),
    )
    answer_seconds = forms.IntegerField(
        label=_("Within (seconds)"), min_value=1, max_value=600, required=False, initial=DEFAULT_ANSWER_SECONDS
    )
    shrinkage = forms.IntegerField(
        label=_("Time off the phones (%)"),
        min_value=0,
        max_value=90,
        required=False,
        initial=round(DEFAULT_SHRINKAGE * 100),
        help_text=_("Breaks, training and meetings."),
    )

    def targets(self) -> dict:
        data = self.cleaned_data
        level = data.get("service_level")
        seconds = data.get("answer_seconds")
        shrinkage = data.get("shrinkage")
        return {
            "service_level": (level if level is not None else round(DEFAULT_SERVICE_LEVEL * 100)) / 100,
            "answer_seconds": seconds if seconds is not None else DEFAULT_ANSWER_SECONDS,
            "shrinkage": (shrinkage if shrinkage is not None else round(DEFAULT_SHRINKAGE * 100)) / 100,
        }
