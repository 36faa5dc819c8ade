from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cityline.cases import numbers
from cityline.cases.actions import CaseError
from cityline.cases.actions import follow as follow_case
from cityline.cases.models import Case, InteractionOutcome
from cityline.core.i18n import active_language

from .. import limits, visits
from ..forms import CaseLookupForm, FollowForm, address_error, case_number_message


def _not_found(number: str) -> str:
    return _("There is no case with the number %(number)s. Check the number on your confirmation, or call 311.") % {
        "number": numbers.grouped(number)
    }


def lookup(request: HttpRequest) -> HttpResponse:
    """ "What is the status of my case?": a number in, the case page out (the check digit catches typos)."""
    form = CaseLookupForm(request.GET or None)
    status = 200
    if form.is_bound:
        if form.is_valid():
            number = form.cleaned_data["number"]
            if Case.objects.filter(number=number).exists():
                return redirect("portal:case", number=number)
            form.add_error("number", _not_found(number))
            status = 404
        else:
            status = 400
    return render(request, "portal/case_lookup.html", {"form": form, "nav": "cases"}, status=status)


def _case_page(
    request: HttpRequest, case: Case, follow_form: FollowForm | None = None, status: int = 200
) -> HttpResponse:
    public = case.public(active_language())
    parent = case.parent if case.parent_id else None
    return render(
        request,
        "portal/case.html",
        {
            "case": public,
            "sla_state": case.sla_state(),
            "parent": parent.public(active_language()) if parent else None,
            "follow_form": follow_form or FollowForm(),
            "nav": "cases",
        },
        status=status,
    )


def _find(request: HttpRequest, number: str) -> Case | HttpResponse:
    try:
        digits = numbers.parse(number)
    except numbers.CaseNumberError as exc:
        form = CaseLookupForm({"number": number})
        form.is_valid()
        form.errors["number"] = form.error_class([case_number_message(exc)])
        return render(request, "portal/case_lookup.html", {"form": form, "nav": "cases"}, status=404)
    found = Case.objects.select_related("service_type", "department", "parent").filter(number=digits).first()
    if found is None:
        form = CaseLookupForm({"number": number})
        form.is_valid()
        form.errors["number"] = form.error_class([_not_found(digits)])
        return render(request, "portal/case_lookup.html", {"form": form, "nav": "cases"}, status=404)
    return found


def case(request: HttpRequest, number: str) -> HttpResponse:
    """A case's public status, history and due date: ``Case.public()`` only."""
    found = _find(request, number)
    if isinstance(found, HttpResponse):
        return found
    if number != found.number:
        return redirect("portal:case", number=found.number)
    visits.finish(request, InteractionOutcome.STATUS_GIVEN, key=f"status:{found.number}", case=found)
    return _case_page(request, found)


def follow(request: HttpRequest, number: str) -> HttpResponse:
    """Follow a case by e-mail or text message; a confirmation message is sent first."""
    found = _find(request, number)
    if isinstance(found, HttpResponse):
        return found
    if request.method != "POST":
        return redirect("portal:case", number=found.number)
    form = FollowForm(request.POST)
    if not form.is_valid():
        return _case_page(request, found, form, status=400)
    if limits.form_limited(request):
        return render(request, "portal/limited.html", {"back": request.path.replace("follow/", "")}, status=429)
    channel = form.cleaned_data["channel"]
    try:
        subscription = follow_case(
            found, channel=channel, address=form.cleaned_data["address"], language=active_language()
        )
    except CaseError:
        form.add_error("address", address_error(channel))
        return _case_page(request, found, form, status=400)
    visits.finish(request, InteractionOutcome.FOLLOWED, key=f"follow:{found.number}:{channel}", case=found)
    return render(
        request,
        "portal/follow_requested.html",
        {"case": found.public(active_language()), "channel": channel, "confirmed": subscription.active, "nav": "cases"},
    )
