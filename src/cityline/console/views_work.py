"""The department work queue, the case page and its actions, search and the supervisor's view."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cityline.cases import actions, numbers
from cityline.cases.actions import CaseError
from cityline.cases.duplicates import find_duplicates
from cityline.cases.models import Case
from cityline.catalog.models import ServiceType
from cityline.core.models import current_jurisdiction
from cityline.directory.models import Department

from . import forms as f
from .access import console_view, staff_profile
from .health import queue_health
from .models import ResponseTemplate
from .queue import SLA_LABELS, SORT_LABELS, QueueForm, queue_cases, workers_for
from .search import search_cases

MAX_BULK = 200


@console_view()
def home(request: HttpRequest) -> HttpResponse:
    """Each role starts where its work is."""
    staff = request.staff
    if staff.role == "call_taker":
        return redirect("console:calls")
    if staff.supervises:
        return redirect("console:supervisor")
    return redirect("console:queue")


# --- the queue ---------------------------------------------------------------------------------------


@require_GET
@console_view(needs="works_queue")
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueForm(request.GET or None, staff=request.staff)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    result = queue_cases(request.staff, data)
    query = request.GET.copy()
    query.pop("after", None)
    context = {
        "section": "queue",
        "form": form,
        "queue": result,
        "sla_labels": SLA_LABELS,
        "sort_labels": SORT_LABELS,
        "query": query.urlencode(),
        "bulk": f.BulkForm(),
        "workers": workers_for(request.staff),
    }
    template = "console/_queue_rows.html" if request.headers.get("HX-Request") else "console/queue.html"
    return render(request, template, context)


@require_POST
@console_view(needs="works_queue")
def bulk(request: HttpRequest) -> HttpResponse:
    """One action on a selection of cases; each case goes through the domain on its own, and the
    ones it refuses are listed with the reason."""
    form = f.BulkForm(request.POST)
    form.fields["assignee"].choices = [("", "")] + [(u.pk, str(u)) for u in workers_for(request.staff)]
    if not form.is_valid():
        messages.error(request, _("Choose an action for the selected cases."))
        return redirect(_back(request, reverse("console:queue")))
    numbers_chosen = request.POST.getlist("case")[:MAX_BULK]
    if not numbers_chosen:
        messages.error(request, _("Select at least one case first (tick its box)."))
        return redirect(_back(request, reverse("console:queue")))
    data = form.cleaned_data
    action = data["action"]
    User = get_user_model()
    assignee = User.objects.filter(pk=data["assignee"]).first() if data.get("assignee") else None
    done, refused = [], []
    for case in Case.objects.filter(number__in=numbers_chosen).select_related("department", "service_type"):
        needed = {"in_progress": "status", "scheduled": "status"}.get(action, action)
        if needed not in request.staff.allowed_actions(case):
            refused.append(f"{case.display_number}: {_('not in your departments')}")
            continue
        try:
            if action == "acknowledge":
                actions.acknowledge(case, actor=request.user)
            elif action in ("in_progress", "scheduled"):
                actions.change_status(case, action, actor=request.user, note=data.get("note", ""))
            elif action == "assign":
                if assignee is None:
                    raise CaseError({"assignee": _("choose the person to assign the cases to")})
                actions.assign(case, assignee=assignee, actor=request.user)
            elif action == "hold":
                actions.hold(case, reason=data.get("reason", ""), actor=request.user)
            elif action == "close":
                actions.close(
                    case,
                    reason=data.get("closing_reason") or "",
                    note=data.get("note") or data.get("reason", ""),
                    actor=request.user,
                )
        except CaseError as exc:
            refused.append(f"{case.display_number}: {'; '.join(exc.errors.values())}")
        else:
            done.append(case.display_number)
    if done:
        messages.success(request, _("Done for %(n)s case(s).") % {"n": len(done)})
    for line in refused:
        messages.error(request, line)
    return redirect(_back(request, reverse("console:queue")))


def _back(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    return target if target.startswith("/console/") else default


# --- search --------------------------------------------------------------------------------------------


@require_GET
@console_view()
def search(request: HttpRequest) -> HttpResponse:
    """Search as you type: a case number goes straight to its page."""
    text = request.GET.get("q", "")
    result = search_cases(text, staff=request.staff, cursor=request.GET.get("after") or None)
    whole_number = result.kind == "number" and len(numbers_only(text)) == numbers.LENGTH
    if whole_number and len(result.cases) == 1 and not request.headers.get("HX-Request"):
        return redirect("console:case", number=result.cases[0].number)
    template = "console/_search_results.html" if request.headers.get("HX-Request") else "console/search.html"
    return render(request, template, {"section": "search", "result": result, "q": text})


def numbers_only(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


# --- one case ----------------------------------------------------------------------------------------


def _case(number: str) -> Case:
    try:
        number = numbers.parse(number)
    except numbers.CaseNumberError:
        raise Http404("no such case") from None
    return get_object_or_404(
        Case.objects.select_related("service_type", "department", "requester", "assignee", "parent"), number=number
    )


def case_context(request: HttpRequest, case: Case, **extra: Any) -> dict[str, Any]:
    staff = request.staff
    private = staff.can_see_private(case)
    allowed = staff.allowed_actions(case)
    events = case.events.select_related("actor").order_by("at", "pk")
    if not private:
        events = events.filter(public=True)
    city = current_jurisdiction()
    attributes = []
    definitions = {a.code: a for a in case.service_type.attributes.all()}
    for code, value in case.attributes.items():
        definition = definitions.get(code)
        if definition is None:
            attributes.append((code, value))
            continue
        shown = (
            ", ".join(definition.value_name(v) for v in value)
            if isinstance(value, list)
            else definition.value_name(value)
            if definition.values
            else value
        )
        attributes.append((definition.description, shown))
    duplicates = []
    if "merge" in allowed and case.is_open and case.lat is not None:
        duplicates = find_duplicates(case.service_type, case.lat, case.lon, exclude=case)
    context = {
        "section": "queue" if staff.works_queue else "search",
        "case": case,
        "private": private,
        "allowed": allowed,
        "events": events,
        "attributes": attributes,
        "attachments": case.attachments.all() if private else case.attachments.filter(public=True),
        "duplicates": duplicates,
        "merged": case.duplicates.select_related("service_type").order_by("created_at"),
        "shared_with": case.shared_with.all(),
        "templates": ResponseTemplate.for_case(case),
        "workers": workers_for(staff) if "assign" in allowed else [],
        "departments": Department.objects.filter(active=True) if {"assign", "share"} & allowed else [],
        "service_types": ServiceType.objects.filter(active=True) if "service_type" in allowed else [],
        "city": city,
        "city_map": _city_map(city),
        "sla_state": case.sla_state(),
        "sla_labels": SLA_LABELS,
        "forms": {
            "note": f.NoteForm(),
            "status": f.StatusForm(),
            "hold": f.HoldForm(),
            "resume": f.ResumeForm(),
            "close": f.CloseForm(),
            "reopen": f.ReopenForm(),
            "merge": f.MergeForm(),
        },
    }
    context.update(extra)
    return context


def _city_map(city) -> dict[str, Any]:
    """The shapes drawn under a case's point: the city limits and its districts (no map tiles)."""
    if city is None:
        return {}
    return {
        "boundary": city.boundary,
        "districts": [{"name": d.name, "geometry": d.geometry} for d in city.districts.all()],
    }


@require_GET
@console_view()
def case_page(request: HttpRequest, number: str) -> HttpResponse:
    case = _case(number)
    return render(request, "console/case.html", case_context(request, case))


# Each case action: the form that parses it and the domain call it makes.
def _do_note(request, case, data):
    return actions.add_note(case, data["text"], public=data["public"], actor=request.user)


def _do_acknowledge(request, case, data):
    return actions.acknowledge(case, actor=request.user)


def _do_status(request, case, data):
    return actions.change_status(case, data["status"], actor=request.user, note=data["note"])


def _do_hold(request, case, data):
    return actions.hold(case, reason=data["reason"], actor=request.user)


def _do_resume(request, case, data):
    return actions.resume(case, actor=request.user, note=data["note"])


def _do_close(request, case, data):
    return actions.close(case, reason=data["reason"], note=data["note"], actor=request.user)


def _do_reopen(request, case, data):
    return actions.reopen(case, reason=data["reason"], actor=request.user)


def _do_merge(request, case, data):
    try:
        parent = Case.objects.get(number=numbers.parse(data["parent"]))
    except numbers.CaseNumberError as exc:
        raise CaseError({"parent": str(exc)}) from None
    except Case.DoesNotExist:
        raise CaseError({"parent": _("there is no case %(number)s") % {"number": data["parent"]}}) from None
    if not request.staff.can_see_private(parent) and not request.staff.supervises:
        raise CaseError({"parent": _("case %(number)s is not in your departments") % {"number": data["parent"]}})
    return actions.merge(case, parent, actor=request.user, note=data["note"])


def _do_assign(request, case, data):
    User = get_user_model()
    assignee = User.objects.filter(pk=data["assignee"]).first() if data["assignee"] else None
    if assignee is not None and assignee not in workers_for(request.staff) and not request.staff.supervises:
        raise CaseError({"assignee": _("choose someone from your departments")})
    department = Department.objects.filter(pk=data["department"]).first() if data["department"] else None
    return actions.assign(case, assignee=assignee, department=department, actor=request.user, note=data["note"])


def _do_share(request, case, data):
    department = get_object_or_404(Department, pk=data["department"])
    return actions.share(case, department=department, actor=request.user, note=data["note"])


def _do_service_type(request, case, data):
    service = ServiceType.objects.filter(code=data["service"], active=True).first()
    if service is None:
        raise CaseError({"service": _("there is no service type %(code)s") % {"code": data["service"]}})
    return actions.change_service_type(case, service, actor=request.user, note=data["note"])


CASE_ACTIONS: dict[str, tuple[str, type, Callable[..., Case]]] = {
    "note": ("note", f.NoteForm, _do_note),
    "acknowledge": ("acknowledge", None, _do_acknowledge),
    "status": ("status", f.StatusForm, _do_status),
    "hold": ("hold", f.HoldForm, _do_hold),
    "resume": ("resume", f.ResumeForm, _do_resume),
    "close": ("close", f.CloseForm, _do_close),
    "reopen": ("reopen", f.ReopenForm, _do_reopen),
    "merge": ("merge", f.MergeForm, _do_merge),
    "assign": ("assign", f.AssignForm, _do_assign),
    "share": ("share", f.ShareForm, _do_share),
    "service-type": ("service_type", f.ServiceTypeForm, _do_service_type),
}


@require_POST
@console_view()
def case_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    if action not in CASE_ACTIONS:
        raise Http404("no such action")
    permission, form_class, perform = CASE_ACTIONS[action]
    case = _case(number)
    if permission not in request.staff.allowed_actions(case):
        raise PermissionDenied(
            _("Your role cannot do this on a case of %(department)s.") % {"department": case.department}
        )
    form = form_class(request.POST) if form_class else None
    if form is not None and action == "assign":
        form.fields["assignee"].choices = [("", "")] + [(u.pk, str(u)) for u in workers_for(request.staff)]
        form.fields["department"].choices = [("", "")] + [(d.pk, d.name) for d in Department.objects.all()]
    if form is not None and action == "share":
        form.fields["department"].choices = [(d.pk, d.name) for d in Department.objects.all()]
    if form is None or form.is_valid():
        try:
            perform(request, case, form.cleaned_data if form else {})
        except CaseError as exc:
            if form is None:
                messages.error(request, "; ".join(exc.errors.values()))
                return redirect("console:case", number=case.number)
            for key, message in exc.errors.items():
                form.add_error(key if key in form.fields else None, message)
        else:
            messages.success(request, _("Saved."))
            return redirect("console:case", number=case.number)
    case = _case(number)
    # Every refusal is also said at the top: the form it came from may not be on the page any
    # more (a case closed meanwhile shows no "hold" form).
    problems = [str(message) for errors in form.errors.values() for message in errors]
    context = case_context(request, case, open_action=action, action_errors=problems)
    context["forms"][action.replace("-", "_")] = form
    return render(request, "console/case.html", context, status=422)


# --- supervisor --------------------------------------------------------------------------------------------


@require_GET
@console_view(needs="supervises")
def supervisor(request: HttpRequest) -> HttpResponse:
    template = "console/_health.html" if request.headers.get("HX-Request") else "console/supervisor.html"
    return render(request, template, {"section": "supervisor", "health": queue_health(), "sla_labels": SLA_LABELS})


# --- navigation -----------------------------------------------------------------------------------------------


def navigation(request: HttpRequest) -> list[dict[str, Any]]:
    """The console's menu for this person's role, with the entries other apps add by setting
    (``CONSOLE_EXTRA_NAV``: the insights dashboards go there)."""
    staff = getattr(request, "staff", None) or staff_profile(request.user)
    if staff is None:
        return []
    items = []
    if staff.takes_calls:
        items.append({"key": "calls", "label": _("Calls"), "url": reverse("console:calls"), "shortcut": "Alt+N"})
    if staff.works_queue:
        items.append({"key": "queue", "label": _("Work queue"), "url": reverse("console:queue")})
    items.append({"key": "search", "label": _("Find a case"), "url": reverse("console:search"), "shortcut": "/"})
    if staff.supervises:
        items.append({"key": "supervisor", "label": _("Supervisor"), "url": reverse("console:supervisor")})
    for entry in settings.CONSOLE_EXTRA_NAV:
        if entry.get("roles") and staff.role not in entry["roles"]:
            continue
        try:
            url = reverse(entry["url"])
        except NoReverseMatch:
            continue
        items.append({"key": entry.get("key", entry["url"]), "label": entry["label"], "url": url})
    return items
