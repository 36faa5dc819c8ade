"""The call-taker's screen: one live call, its suggestions and its outcome in a few keystrokes.

The interaction's id is in every URL, so any web process can answer any step of a call.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from cityline.cases import actions
from cityline.cases.actions import CaseError, RequesterInfo
from cityline.cases.duplicates import find_duplicates
from cityline.cases.interactions import end_interaction, start_interaction
from cityline.cases.models import Case, Channel, Interaction, InteractionOutcome
from cityline.catalog.models import ServiceType
from cityline.core.models import current_jurisdiction
from cityline.directory.models import Department
from cityline.knowledge.models import Article

from . import assist as suggestions
from .access import console_view
from .forms import CaseLookupForm, OpenCaseForm, StartCallForm, language_choices
from .health import my_calls_today
from .search import search_cases


def _number_key(interaction: Interaction) -> str:
    return f"console_call_number:{interaction.pk}"


def _call(request: HttpRequest, pk: int) -> Interaction:
    """The call, if it is this person's (a supervisor may act on anyone's)."""
    interaction = get_object_or_404(Interaction.objects.select_related("case", "agent"), pk=pk)
    if interaction.agent_id != request.user.pk and not request.staff.supervises:
        raise PermissionDenied("This call is another call-taker's.")
    return interaction


def _caller_language(request: HttpRequest, interaction: Interaction) -> str:
    wanted = request.POST.get("language") or request.GET.get("language") or interaction.language
    codes = [code for code, _ in language_choices()]
    return wanted if wanted in codes else codes[0]


def _text(request: HttpRequest) -> str:
    return (request.POST.get("text") or request.GET.get("text") or "")[:4000]


@console_view(needs="takes_calls")
def calls(request: HttpRequest) -> HttpResponse:
    """No call yet: the start button, and how my day is going."""
    active = Interaction.objects.filter(agent=request.user, ended_at__isnull=True, channel=Channel.PHONE).first()
    return render(
        request,
        "console/call_start.html",
        {"form": StartCallForm(), "active": active, "today": my_calls_today(request.user), "section": "calls"},
    )


@require_POST
@console_view(needs="takes_calls")
def start_call(request: HttpRequest) -> HttpResponse:
    form = StartCallForm(request.POST)
    form.is_valid()
    number = form.cleaned_data.get("number", "")
    caller = suggestions.caller(number)
    language = form.cleaned_data.get("language") or caller.language or current_jurisdiction().default_language
    interaction = start_interaction(
        channel=Channel.PHONE, language=language, agent=request.user, contact=caller.number or number
    )
    if caller.number:
        request.session[_number_key(interaction)] = caller.number
    return redirect("console:call", pk=interaction.pk)


def _call_context(request: HttpRequest, interaction: Interaction, **extra: Any) -> dict[str, Any]:
    text = extra.pop("text", None)
    text = _text(request) if text is None else text
    language = _caller_language(request, interaction)
    number = request.session.get(_number_key(interaction), "")
    context = {
        "section": "calls",
        "call": interaction,
        "text": text,
        "language": language,
        "languages": language_choices(),
        "assist": suggestions.assist(text, language),
        "caller": suggestions.caller(number),
        "lookup": CaseLookupForm(request.GET or None),
        "city": current_jurisdiction(),
    }
    context.update(extra)
    return context


@require_GET
@console_view(needs="takes_calls")
def call(request: HttpRequest, pk: int) -> HttpResponse:
    interaction = _call(request, pk)
    if interaction.ended_at:
        return render(
            request,
            "console/call_done.html",
            {
                "section": "calls",
                "call": interaction,
                "form": StartCallForm(),
                "today": my_calls_today(request.user),
            },
        )
    context = _call_context(request, interaction)
    panel = request.GET.get("panel", "")
    if panel == "case" and request.GET.get("service"):
        context["case_form"] = _case_form(request, interaction, context)
    elif panel == "status":
        context["lookup_result"] = search_cases(request.GET.get("q", ""), staff=request.staff)
    context["panel"] = panel
    return render(request, "console/call.html", context)


@require_GET
@console_view(needs="takes_calls")
def call_assist(request: HttpRequest, pk: int) -> HttpResponse:
    """The live suggestions, refreshed as the call-taker types."""
    interaction = _call(request, pk)
    return render(request, "console/_assist.html", _call_context(request, interaction))


def _case_form(request: HttpRequest, interaction: Interaction, context: dict[str, Any]) -> OpenCaseForm:
    service = get_object_or_404(ServiceType, code=request.GET.get("service"), active=True)
    found = context["assist"].address
    caller = context["caller"]
    return OpenCaseForm(
        initial={
            "service": service.code,
            "description": context["text"],
            "address": found.address if found else "",
            "lat": found.lat if found else "",
            "lon": found.lon if found else "",
            "phone": caller.number,
            "updates": "",
        },
        service_type=service,
        language=context["language"],
    )


def _duplicates(form: OpenCaseForm) -> list[Any]:
    lat, lon = form["lat"].value(), form["lon"].value()
    try:
        return find_duplicates(form.service_type, float(lat), float(lon))
    except (TypeError, ValueError):
        return []


@require_GET
@console_view(needs="takes_calls")
def case_form(request: HttpRequest, pk: int) -> HttpResponse:
    """The case form for a chosen service type (loaded into the screen, or as a page without script)."""
    interaction = _call(request, pk)
    context = _call_context(request, interaction)
    form = _case_form(request, interaction, context)
    if not request.headers.get("HX-Request"):
        return render(
            request,
            "console/call.html",
            {**context, "case_form": form, "panel": "case", "duplicates": _duplicates(form)},
        )
    return render(request, "console/_case_form.html", {**context, "form": form, "duplicates": _duplicates(form)})


@require_POST
@console_view(needs="takes_calls")
def open_case(request: HttpRequest, pk: int) -> HttpResponse:
    interaction = _call(request, pk)
    if interaction.ended_at:
        return redirect("console:call", pk=pk)
    service = get_object_or_404(ServiceType, code=request.POST.get("service"), active=True)
    language = _caller_language(request, interaction)
    form = OpenCaseForm(request.POST, service_type=service, language=language)
    if form.is_valid():
        data = form.cleaned_data
        requester = RequesterInfo(
            first_name=data["first_name"],
            last_name=data["last_name"],
            phone=data["phone"],
            email=data["email"],
            language=language,
            contact_preference=data["updates"] or None,
        )
        try:
            case = actions.open_case(
                service_type=service,
                channel=Channel.PHONE,
                description=data["description"],
                attributes=form.attributes(),
                lat=data["lat"] or None,
                lon=data["lon"] or None,
                address=data["address"],
                language=language,
                requester=requester if (requester.has_contact or requester.first_name or requester.last_name) else None,
                actor=request.user,
                interaction=interaction,
                idempotency_key=f"console-call-{interaction.pk}-{service.code}",
            )
        except actions.EmergencyOnly as exc:
            form.add_error(None, exc.notice)
        except CaseError as exc:
            form.add_domain_errors(exc)
        else:
            end_interaction(
                interaction, InteractionOutcome.CASE_OPENED, case=case, summary=data["description"], language=language
            )
            return redirect("console:call", pk=pk)
    context = _call_context(request, interaction, text=request.POST.get("description", ""))
    return render(
        request,
        "console/call.html",
        {**context, "case_form": form, "panel": "case", "duplicates": _duplicates(form)},
        status=422,
    )


@require_GET
@console_view(needs="takes_calls")
def lookup(request: HttpRequest, pk: int) -> HttpResponse:
    """Find a caller's case by number, address or words (for a status call)."""
    interaction = _call(request, pk)
    result = search_cases(request.GET.get("q", ""), staff=request.staff, size=8)
    return render(request, "console/_lookup.html", {"call": interaction, "lookup_result": result})


def _end(request: HttpRequest, interaction: Interaction, outcome: str, **details: Any) -> HttpResponse:
    end_interaction(
        interaction,
        outcome,
        summary=_text(request),
        language=_caller_language(request, interaction),
        **details,
    )
    request.session.pop(_number_key(interaction), None)
    return redirect("console:call", pk=interaction.pk)


@require_POST
@console_view(needs="takes_calls")
def answered(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=request.POST.get("article"))
    return _end(request, _call(request, pk), InteractionOutcome.INFORMATION, article=article)


@require_POST
@console_view(needs="takes_calls")
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    department = get_object_or_404(Department, pk=request.POST.get("department"))
    return _end(request, _call(request, pk), InteractionOutcome.TRANSFER, department=department)


@require_POST
@console_view(needs="takes_calls")
def status_given(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(Case, number=request.POST.get("case"))
    return _end(request, _call(request, pk), InteractionOutcome.STATUS_GIVEN, case=case)


@require_POST
@console_view(needs="takes_calls")
def emergency(request: HttpRequest, pk: int) -> HttpResponse:
    return _end(request, _call(request, pk), InteractionOutcome.EMERGENCY_ADVISORY)


@require_POST
@console_view(needs="takes_calls")
def abandoned(request: HttpRequest, pk: int) -> HttpResponse:
    return _end(request, _call(request, pk), InteractionOutcome.ABANDONED)


@require_POST
@console_view(needs="takes_calls")
def escalate(request: HttpRequest, pk: int) -> HttpResponse:
    """The caller wants a supervisor: a complaint case (the city's complaint service type) for a
    supervisor to handle, and the call ends as escalated."""
    interaction = _call(request, pk)
    if interaction.ended_at:
        return redirect("console:call", pk=pk)
    complaint_code = current_jurisdiction().complaint_service
    complaint = ServiceType.objects.filter(code=complaint_code, active=True).first() if complaint_code else None
    case = None
    if complaint is not None:
        language = _caller_language(request, interaction)
        form = OpenCaseForm(request.POST, service_type=complaint, language=language)
        form.is_valid()
        data = form.cleaned_data
        requester = RequesterInfo(
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            phone=data.get("phone", ""),
            email=data.get("email", ""),
            language=language,
            contact_preference=data.get("updates") or ("phone" if data.get("phone") else None),
        )
        try:
            case = actions.open_case(
                service_type=complaint,
                channel=Channel.PHONE,
                description=data.get("description") or _text(request),
                attributes=form.attributes(),
                address=data.get("address") or current_jurisdiction().address or current_jurisdiction().name,
                lat=data.get("lat") or None,
                lon=data.get("lon") or None,
                language=language,
                requester=requester if requester.has_contact else None,
                actor=request.user,
                interaction=interaction,
                idempotency_key=f"console-escalation-{interaction.pk}",
            )
        except CaseError as exc:
            form.add_domain_errors(exc)
            context = _call_context(request, interaction, text=data.get("description") or _text(request))
            return render(
                request,
                "console/call.html",
                {**context, "escalation_form": form, "panel": "escalate"},
                status=422,
            )
    return _end(request, interaction, InteractionOutcome.ESCALATED, case=case)


@require_GET
@console_view(needs="takes_calls")
def escalation_form(request: HttpRequest, pk: int) -> HttpResponse:
    interaction = _call(request, pk)
    context = _call_context(request, interaction)
    code = current_jurisdiction().complaint_service
    complaint = ServiceType.objects.filter(code=code, active=True).first() if code else None
    form = None
    if complaint is not None:
        caller = context["caller"]
        form = OpenCaseForm(
            initial={"service": complaint.code, "description": context["text"], "phone": caller.number},
            service_type=complaint,
            language=context["language"],
        )
    template = "console/_escalation_form.html" if request.headers.get("HX-Request") else "console/call.html"
    return render(
        request,
        template,
        {**context, "form": form, "escalation_form": form, "complaint": complaint, "panel": "escalate"},
    )


def call_url(interaction: Interaction) -> str:
    return reverse("console:call", kwargs={"pk": interaction.pk})
