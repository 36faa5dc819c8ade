from __future__ import annotations

import uuid

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from cityline.cases.actions import CaseError, EmergencyOnly, RequesterInfo, open_case
from cityline.cases.models import Channel, InteractionOutcome
from cityline.catalog.models import ServiceType
from cityline.core.i18n import active_language
from cityline.core.models import current_jurisdiction
from cityline.directory.hsds import data_package_zip
from cityline.directory.jsonld import department_jsonld
from cityline.directory.models import Department
from cityline.knowledge.models import Article

from .. import limits, visits
from ..forms import CorrectionForm, attribute_answers, case_error_messages
from ..jsonld import ld_json


def directory(request: HttpRequest) -> HttpResponse:
    """Every department, its main line and whether it is open now."""
    departments = Department.objects.filter(active=True, parent__isnull=True).prefetch_related(
        "phones", "units__phones", "hours_exceptions", "units__hours_exceptions"
    )
    return render(request, "portal/directory.html", {"departments": departments, "nav": "directory"})


def _correction_service() -> ServiceType | None:
    city = current_jurisdiction()
    code = city.directory_correction_service if city else ""
    if not code:
        return None
    return ServiceType.objects.filter(code=code, active=True).select_related("department").first()


def _prefill(department: Department) -> dict[str, str]:
    # The pack's correction type may ask which office is wrong; on that office's own page the answer
    # is known (docs/portal.md: an attribute named "department" or "department_name").
    name = department.localized("name")
    return {"department": name, "department_name": name}


def _department_context(request: HttpRequest, department: Department, form: CorrectionForm | None = None) -> dict:
    city = current_jurisdiction()
    language = active_language()
    service = _correction_service()
    if form is None and service is not None:
        form = CorrectionForm(service_type=service, prefill=_prefill(department))
    url = request.build_absolute_uri(reverse("portal:department", args=[department.slug]))
    return {
        "department": department,
        "nav": "directory",
        "units": department.units.filter(active=True).prefetch_related("phones"),
        "articles": Article.objects.filter(departments=department, language=language, active=True)[:8],
        "services": department.service_types.filter(active=True)[:12],
        "correction_form": form,
        "correction_service": service,
        "token": (form.data.get("token") if form is not None and form.is_bound else None) or uuid.uuid4().hex,
        "jsonld": ld_json(department_jsonld(department, city, url, language, timezone.localdate())),
    }


def department(request: HttpRequest, slug: str) -> HttpResponse:
    """One department: lines, hours, "open now", address, contacts, officials; JSON-LD for machines."""
    found = get_object_or_404(
        Department.objects.prefetch_related("phones", "contacts", "officials", "hours_exceptions"),
        slug=slug,
        active=True,
    )
    visits.finish(request, InteractionOutcome.TRANSFER, key=f"department:{found.slug}", department=found)
    return render(request, "portal/department.html", _department_context(request, found))


def correction(request: HttpRequest, slug: str) -> HttpResponse:
    """ "A number or the hours are wrong": a case for the city clerk (the pack's correction type)."""
    found = get_object_or_404(
        Department.objects.prefetch_related("phones", "contacts", "officials"), slug=slug, active=True
    )
    service = _correction_service()
    if service is None:
        raise Http404("this city takes directory corrections by phone")
    if request.method != "POST":
        return render(request, "portal/department.html", _department_context(request, found))
    form = CorrectionForm(request.POST, service_type=service, prefill=_prefill(found))
    if form.is_valid():
        if limits.form_limited(request):
            return render(request, "portal/limited.html", {"back": request.path}, status=429)
        city = current_jurisdiction()
        page = request.build_absolute_uri(reverse("portal:department", args=[found.slug]))
        note = form.cleaned_data.get("description", "")
        token = (request.POST.get("token") or "")[:64]
        try:
            case = open_case(
                service_type=service,
                channel=Channel.WEB,
                description=f"Directory entry: {found.name} ({page}). {note}".strip(),
                attributes=attribute_answers(form, service),
                address=found.address or city.address or city.name,
                language=active_language(),
                requester=RequesterInfo(
                    email=form.cleaned_data.get("email") or "",
                    phone=form.cleaned_data.get("phone") or "",
                    language=active_language(),
                )
                if form.needs_contact
                else None,
                actor="Resident (web)",
                idempotency_key=f"web-correction:{token}" if token else None,
            )
        except EmergencyOnly as exc:
            return render(request, "portal/emergency.html", {"advice": exc.notice})
        except CaseError as exc:
            for field_name, message in case_error_messages(exc, form).items():
                form.add_error(field_name, message)
        else:
            visits.finish(request, InteractionOutcome.CASE_OPENED, key=f"case:{case.number}", case=case)
            return render(
                request,
                "portal/correction_sent.html",
                {"department": found, "case": case.public(active_language()), "nav": "directory"},
            )
    return render(request, "portal/department.html", _department_context(request, found, form), status=400)


def hsds_download(request: HttpRequest) -> HttpResponse:
    """The whole directory as an Open Referral HSDS data package (zip)."""
    city = current_jurisdiction()
    if city is None:
        raise Http404("no city is loaded")
    now = timezone.now()
    body = data_package_zip(city, settings.SITE_URL, now)
    response = HttpResponse(body, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{city.slug}-directory-hsds.zip"'
    return response
