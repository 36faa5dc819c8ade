"""The department work queue: the cases routed to my departments, filtered and sorted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityline.cases.models import OPEN_STATUSES, SLA_STATES, Case, Status, sla_state_filter
from cityline.catalog.models import Priority, ServiceType
from cityline.core.models import current_jurisdiction
from cityline.directory.models import Department, Role, StaffProfile

from .paging import ORDERINGS, Page, keyset_page
from .search import matching

SLA_LABELS = {
    "on_time": _("On time"),
    "due_soon": _("Due soon"),
    "breached": _("Breached"),
    "paused": _("On hold"),
}
SORT_LABELS = {
    "due": _("Due first"),
    "priority": _("Priority"),
    "oldest": _("Oldest first"),
    "newest": _("Newest first"),
    "updated": _("Recently changed"),
}


class QueueForm(forms.Form):
    department = forms.TypedMultipleChoiceField(label=_("Department"), required=False, coerce=int)
    status = forms.ChoiceField(label=_("Status"), required=False)
    sla = forms.ChoiceField(label=_("SLA"), required=False)
    priority = forms.ChoiceField(label=_("Priority"), required=False)
    district = forms.ChoiceField(label=_("District"), required=False)
    service = forms.ChoiceField(label=_("Type"), required=False)
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=list(SORT_LABELS.items()))
    after = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, staff: StaffProfile, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.staff = staff
        departments = Department.objects.filter(active=True)
        if not staff.sees_all_departments:
            departments = departments.filter(pk__in=staff.department_ids())
        self.fields["department"].choices = [(d.pk, d.name) for d in departments]
        self.fields["status"].choices = [
            ("", _("All open")),
            *[(s, label) for s, label in Status.choices if s != Status.CLOSED],
            ("closed", _("Closed")),
            ("any", _("Any")),
        ]
        self.fields["sla"].choices = [("", _("Any")), *SLA_LABELS.items()]
        self.fields["priority"].choices = [("", _("Any")), *Priority.choices]
        city = current_jurisdiction()
        districts = list(city.districts.values_list("code", "name")) if city else []
        self.fields["district"].choices = [("", _("Any")), *districts]
        types = ServiceType.objects.filter(active=True)
        if not staff.sees_all_departments:
            types = types.filter(department__in=staff.department_ids())
        self.fields["service"].choices = [("", _("Any")), *[(t.code, t.name) for t in types]]
        self.fields["assignee"].choices = [
            ("", _("Anyone")),
            ("me", _("Me")),
            ("none", _("Nobody yet")),
            *[(str(u.pk), u.get_full_name() or u.username) for u in workers_for(staff)],
        ]


def workers_for(staff: StaffProfile) -> QuerySet[Any]:
    """The people a case can be assigned to from this person's queue."""
    User = get_user_model()
    people = User.objects.filter(is_active=True, staff__role__in=[Role.DEPARTMENT_STAFF, Role.SUPERVISOR])
    if not staff.sees_all_departments:
        people = people.filter(staff__departments__in=staff.department_ids())
    return people.distinct().order_by("first_name", "last_name", "username")


@dataclass
class Queue:
    page: Page
    counts: dict[str, int]
    sort: str


def queue_cases(staff: StaffProfile, data: dict[str, Any], *, size: int = 50) -> Queue:
    """The cases a queue shows for already-cleaned filters (``QueueForm.cleaned_data``)."""
    # A queue is the cases routed to departments: department staff's own (the form offers no
    # other), anyone's for supervisors. Cases merely shared with a department are found by search.
    rows = Case.objects.all()
    departments = data.get("department") or []
    if staff.role == Role.DEPARTMENT_STAFF:
        departments = [d for d in departments if d in staff.department_ids()] or sorted(staff.department_ids())
    if departments:
        rows = rows.filter(department_id__in=departments)
    status = data.get("status") or ""
    if status == "closed":
        rows = rows.filter(status=Status.CLOSED)
    elif status in OPEN_STATUSES:
        rows = rows.filter(status=status)
    elif status != "any":
        rows = rows.filter(status__in=OPEN_STATUSES)
    for name, lookup in (("priority", "priority"), ("district", "district"), ("service", "service_type__code")):
        if data.get(name):
            rows = rows.filter(**{lookup: data[name]})
    assignee = data.get("assignee") or ""
    if assignee == "me":
        rows = rows.filter(assignee=staff.user)
    elif assignee == "none":
        rows = rows.filter(assignee__isnull=True)
    elif assignee.isdigit():
        rows = rows.filter(assignee_id=int(assignee))
    if data.get("q"):
        rows = matching(rows, data["q"])
    now = timezone.now()
    counts = rows.aggregate(**{state: Count("pk", filter=sla_state_filter(state, now)) for state in SLA_STATES})
    if data.get("sla") in SLA_STATES:
        rows = rows.filter(sla_state_filter(data["sla"], now))
    sort = data.get("sort") if data.get("sort") in ORDERINGS else "due"
    rows = rows.select_related("service_type", "department", "assignee")
    return Queue(keyset_page(rows, sort, data.get("after") or None, size), counts, sort)
