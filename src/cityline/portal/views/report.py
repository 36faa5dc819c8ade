"""Report a problem: describe → (is anyone in danger?) → what kind → details → review → sent.

Each step reads and writes the draft (``portal.draft``) so nothing typed is lost; every step works
as plain HTML forms, and the map and "use my location" only add to them.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cityline.cases.actions import (
    CaseError,
    EmergencyOnly,
    MediaInput,
    RequesterInfo,
    emergency_only_notice,
    open_case,
)
from cityline.cases.duplicates import find_duplicates
from cityline.cases.models import Case, Channel, InteractionOutcome
from cityline.catalog.models import ServiceType
from cityline.core.addresses import find_address, nearest_address
from cityline.core.geo import geometry_of
from cityline.core.i18n import active_language
from cityline.core.models import current_jurisdiction

from .. import limits, triage, visits
from ..draft import Draft
from ..forms import (
    DescribeForm,
    DetailsForm,
    SafetyForm,
    ServiceChoiceForm,
    attribute_answers,
    attribute_field_name,
    case_error_messages,
    outside_city_message,
)

# Suggestions below this share of triage's belief are not offered as "our best guess".
SUGGESTION_MIN_SCORE = 0.05
MAX_SUGGESTIONS = 4


def _service(code: str) -> ServiceType | None:
    if not code:
        return None
    return ServiceType.objects.filter(code=code, active=True).select_related("department").first()


def _emergency(request: HttpRequest, draft: Draft, advice: str = "", status: int = 200) -> HttpResponse:
    """Stop the report: this may be an emergency. Nothing is filed; the 911 advice is recorded."""
    visits.finish(request, InteractionOutcome.EMERGENCY_ADVISORY, key=f"emergency:{draft.id}", summary=draft.text[:200])
    return render(request, "portal/emergency.html", {"advice": advice, "nav": "report"}, status=status)


def _check_danger(request: HttpRequest, draft: Draft, text: str, then: str) -> HttpResponse | None:
    """Run triage's emergency step on ``text``: a response that stops or asks, or None to go on."""
    if not text.strip() or text == draft.checked_text:
        return None
    assessment = triage.assess(text, active_language())
    if assessment is not None:
        check = assessment.emergency
        if check.level == "yes":
            draft.save(request)
            return _emergency(request, draft, check.advice)
        if check.level == "maybe":
            draft.danger_question = check.question
            draft.danger_category = getattr(check, "category", "")
            draft.after_safety = then
            draft.save(request)
            return redirect("portal:report_safety")
    draft.checked_text = text
    return None


# --- step 1: describe -------------------------------------------------------------------------------


def describe(request: HttpRequest) -> HttpResponse:
    draft = Draft.load(request)
    if request.method == "POST":
        form = DescribeForm(request.POST)
        if form.is_valid():
            text = form.cleaned_data["text"].strip()
            if not draft.description or draft.description == draft.text:
                draft.description = text
            draft.text = text
            assessment = triage.assess(text, active_language())
            draft.suggestions = (
                [s.code for s in assessment.services if s.score >= SUGGESTION_MIN_SCORE][:MAX_SUGGESTIONS]
                if assessment is not None
                else []
            )
            if text != draft.checked_text and draft.service_code not in draft.suggestions:
                # A new description of a different problem: the earlier choice no longer fits.
                draft.service_code = ""
                draft.details_done = False
            stop = _check_danger(request, draft, text, then="type")
            if stop is not None:
                return stop
            draft.save(request)
            return redirect("portal:report_type")
    else:
        form = DescribeForm(initial={"text": draft.text})
    return render(
        request, "portal/report_describe.html", {"form": form, "draft": draft, "nav": "report"}, status=_status(form)
    )


def _status(form: Any) -> int:
    return 400 if form.is_bound and form.errors else 200


# --- the danger question ---------------------------------------------------------------------------


def safety(request: HttpRequest) -> HttpResponse:
    draft = Draft.load(request)
    if not draft.text and not draft.description:
        return redirect("portal:report")
    form = SafetyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        answer = form.cleaned_data["answer"]
        city = current_jurisdiction()
        check = triage.resolve_danger_answer(answer, active_language(), draft.danger_category, city.emergency_number)
        level = check.level if check is not None else ("no" if answer == "no" else "yes")
        if level != "no":
            draft.save(request)
            return _emergency(request, draft, check.advice if check is not None else "")
        draft.checked_text = draft.description if draft.after_safety == "details" else draft.text
        next_step = "portal:report_details" if draft.after_safety == "details" else "portal:report_type"
        draft.danger_question = ""
        draft.save(request)
        return redirect(next_step)
    return render(
        request,
        "portal/report_safety.html",
        {"form": form, "question": draft.danger_question, "draft": draft, "nav": "report"},
        status=_status(form),
    )


# --- step 2: what kind of problem ----------------------------------------------------------------------


def _grouped(services: list[ServiceType]) -> list[tuple[str, list[ServiceType]]]:
    groups: OrderedDict[str, list[ServiceType]] = OrderedDict()
    for service in sorted(services, key=lambda s: (s.localized("group"), s.localized("name"))):
        groups.setdefault(service.localized("group"), []).append(service)
    return list(groups.items())


def choose_type(request: HttpRequest) -> HttpResponse:
    draft = Draft.load(request)
    services = list(ServiceType.objects.filter(active=True).select_related("department"))
    by_code = {s.code: s for s in services}
    suggested = [by_code[code] for code in draft.suggestions if code in by_code]
    form = ServiceChoiceForm(
        request.POST if request.method == "POST" else None, services=services, initial={"service": draft.service_code}
    )
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["service"]
        if code != draft.service_code:
            draft.attributes = {}
        draft.service_code = code
        draft.details_done = False
        draft.save(request)
        notice = emergency_only_notice(by_code[code], active_language())
        if notice:
            return _emergency(request, draft, notice)
        return redirect("portal:report_details")
    others = [s for s in services if s not in suggested]
    return render(
        request,
        "portal/report_type.html",
        {
            "form": form,
            "draft": draft,
            "suggested": suggested,
            "groups": _grouped(others),
            "triage_available": triage.available(),
            "nav": "report",
        },
        status=_status(form),
    )


def start_with_type(request: HttpRequest, code: str) -> HttpResponse:
    """ "Report this" links (search, articles, directory): the type is chosen already."""
    service = get_object_or_404(ServiceType, code=code, active=True)
    draft = Draft.load(request)
    if draft.service_code != service.code:
        draft.discard(request)
        draft = Draft(service_code=service.code)
    draft.save(request)
    notice = emergency_only_notice(service, active_language())
    if notice:
        return _emergency(request, draft, notice)
    return redirect("portal:report_details")


# --- step 3: details ------------------------------------------------------------------------------------


def _initial(draft: Draft, service: ServiceType) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "description": draft.description or draft.text,
        "address": draft.address,
        "lat": draft.lat,
        "lon": draft.lon,
        "resolved": draft.resolved,
        "pinned": "1" if draft.pinned else "",
        "address_as_written": draft.address_as_written,
        **draft.contact,
    }
    for attribute in service.attributes.all():
        if attribute.code in draft.attributes:
            initial[attribute_field_name(attribute)] = draft.attributes[attribute.code]
    return initial


def _keep_typed(draft: Draft, form: DetailsForm, request: HttpRequest) -> None:
    """Whatever the resident typed goes into the draft, valid or not, so that it is never lost."""
    data = request.POST
    draft.description = (data.get("description") or "")[:4000]
    for attribute in form.service_type.attributes.all():
        name = attribute_field_name(attribute)
        if attribute.datatype == "multivaluelist":
            draft.attributes[attribute.code] = data.getlist(name)
        elif name in data:
            draft.attributes[attribute.code] = data.get(name, "")[:4000]
    draft.address = (data.get("address") or "").strip()[:300]
    draft.address_as_written = bool(data.get("address_as_written"))
    for name in DetailsForm.CONTACT_FIELDS:
        if name in form.fields:
            draft.contact[name] = (data.get(name) or "")[:254]


def _take_photos(draft: Draft, form: DetailsForm, request: HttpRequest) -> None:
    for index in sorted((int(i) for i in request.POST.getlist("remove_photo") if i.isdigit()), reverse=True):
        draft.remove_photo(index)
    if "photos" in form.errors:
        return
    room = settings.CITYLINE_PHOTOS_PER_REPORT - len(draft.photos)
    uploads = form.cleaned_data.get("photos") or []
    for name, photo in uploads[: max(room, 0)]:
        draft.add_photo(photo.content, name, photo.content_type)
    if len(uploads) > room:
        from django.utils.translation import gettext as _

        form.add_error(
            "photos",
            _("You can add up to %(count)d photos; the others were not added.")
            % {"count": settings.CITYLINE_PHOTOS_PER_REPORT},
        )


def _parse_choice(value: str) -> tuple[float, float, str] | None:
    """An address picked from the list: "lat|lon|address"."""
    try:
        lat, lon, address = value.split("|", 2)
        return float(lat), float(lon), address[:300]
    except ValueError:
        return None


def _resolve_place(draft: Draft, form: DetailsForm, action: str) -> list:
    """Settle the report's place: an address picked from a list, a pin on the map, an address
    already found, or else the address typed (looked up). Returns the addresses to offer when the
    typed one is not certain."""
    from django.utils.translation import gettext as _

    city = current_jurisdiction()
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    typed = draft.address
    lat, lon = data.get("lat"), data.get("lon")
    choice = _parse_choice(form.data.get("address_choice", ""))
    if action == "find_address":
        choice = None
        lat = lon = None
    elif choice is not None:
        lat, lon, typed = choice
        draft.address = typed
    elif form.data.get("pinned") == "1" and lat is not None and lon is not None:
        pass  # a pin on the map wins; the address box then only describes the place
    elif lat is not None and lon is not None and typed == form.data.get("resolved", ""):
        pass  # found on an earlier step and not changed since
    else:
        lat = lon = None
    draft.pinned = form.data.get("pinned") == "1" and choice is None and action != "find_address"
    if lat is not None and lon is not None:
        if not city.contains(lat, lon):
            form.add_error("address", outside_city_message())
            draft.lat = draft.lon = None
            return []
        draft.lat, draft.lon = lat, lon
        if not draft.address:
            near = nearest_address(lat, lon)
            draft.address = near.address if near else ""
        draft.resolved = draft.address
        return []
    draft.lat = draft.lon = None
    draft.resolved = ""
    if not typed:
        form.add_error("address", _("Give the place: a street address, or a pin on the map."))
        return []
    matches = find_address(typed)
    if len(matches) == 1 and matches[0].quality in ("exact", "geocoder") and action != "find_address":
        draft.lat, draft.lon, draft.address = matches[0].lat, matches[0].lon, matches[0].address
        draft.resolved = draft.address
        return []
    if matches:
        if action != "find_address":
            form.add_error("address", _("Choose the right address from the list, or correct what you typed."))
        return matches
    form.offer_as_written = True
    if draft.address_as_written and action != "find_address":
        return []
    form.add_error(
        "address",
        _(
            "We could not find “%(address)s” among the city’s addresses. Check the spelling, put a pin on the map, "
            "or tick “Use the address as I wrote it”."
        )
        % {"address": typed},
    )
    return []


def _place_data(data: Any, draft: Draft) -> Any:
    """The submitted form with the place as settled, so the page shows the address found."""
    data = data.copy()
    data["address"] = draft.address
    data["lat"] = "" if draft.lat is None else str(draft.lat)
    data["lon"] = "" if draft.lon is None else str(draft.lon)
    data["resolved"] = draft.resolved
    data["pinned"] = "1" if draft.pinned else ""
    data.pop("address_choice", None)
    return data


def _details_page(
    request: HttpRequest, form: DetailsForm, draft: Draft, service: ServiceType, matches: list
) -> HttpResponse:
    city = current_jurisdiction()
    return render(
        request,
        "portal/report_details.html",
        {
            "form": form,
            "draft": draft,
            "service": service,
            "matches": matches,
            "offer_as_written": getattr(form, "offer_as_written", False) or draft.address_as_written,
            "emergency_notice": service.emergency_notice_text(active_language()),
            "map": {
                "lat": draft.lat if draft.lat is not None else city.center_lat,
                "lon": draft.lon if draft.lon is not None else city.center_lon,
                "pinned": draft.lat is not None,
            },
            "map_tiles": settings.CITYLINE_MAP_TILES,
            "map_attribution": settings.CITYLINE_MAP_ATTRIBUTION,
            "nav": "report",
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def details(request: HttpRequest) -> HttpResponse:
    draft = Draft.load(request)
    service = _service(draft.service_code)
    if service is None:
        return redirect("portal:report_type" if draft.text else "portal:report")
    notice = emergency_only_notice(service, active_language())
    if notice:
        return _emergency(request, draft, notice)
    if request.method != "POST":
        form = DetailsForm(initial=_initial(draft, service), service_type=service, draft=draft)
        return _details_page(request, form, draft, service, [])
    action = request.POST.get("action", "continue")
    form = DetailsForm(request.POST, request.FILES, service_type=service, draft=draft)
    form.is_valid()
    _keep_typed(draft, form, request)
    _take_photos(draft, form, request)
    matches = _resolve_place(draft, form, action)
    if not form.errors and action == "continue":
        draft.attributes = attribute_answers(form, service)
        stop = _check_danger(request, draft, form.cleaned_data.get("description") or "", then="details")
        if stop is not None:
            return stop
        draft.details_done = True
        draft.save(request)
        return redirect("portal:report_review")
    draft.details_done = False
    draft.save(request)
    # Shown again with the place as settled and the photo list as it now is; errors kept.
    shown = DetailsForm(_place_data(request.POST, draft), service_type=service, draft=draft)
    shown.is_valid()
    shown._errors = form.errors
    shown.offer_as_written = getattr(form, "offer_as_written", False)
    return _details_page(request, shown, draft, service, matches)


# --- step 4: review and send ------------------------------------------------------------------------


def _answers(draft: Draft, service: ServiceType) -> list[tuple[str, str]]:
    language = active_language()
    rows = []
    for attribute in service.attributes.all():
        value = draft.attributes.get(attribute.code)
        if value in (None, "", []):
            continue
        if isinstance(value, list):
            text = ", ".join(attribute.value_name(v, language) for v in value)
        elif attribute.values:
            text = attribute.value_name(value, language)
        else:
            text = str(value)
        rows.append((attribute.localized("description", language), text))
    return rows


def review(request: HttpRequest) -> HttpResponse:
    draft = Draft.load(request)
    if request.method == "POST" and request.POST.get("draft") != draft.id:
        # A second tap after the first one went through: show the case it made.
        sent = Case.objects.filter(idempotency_key=f"web:{request.POST.get('draft', '')[:64]}").first()
        return redirect("portal:report_sent", number=sent.number) if sent else redirect("portal:report_review")
    service = _service(draft.service_code)
    if service is None:
        return redirect("portal:report")
    if not draft.details_done:
        return redirect("portal:report_details")
    language = active_language()
    if request.method == "POST":
        existing = Case.objects.filter(idempotency_key=f"web:{draft.id}").first()
        if existing is None and limits.report_limited(request):
            return render(request, "portal/limited.html", {"back": reverse("portal:report_review")}, status=429)
        try:
            case = _send(request, draft, service, language)
        except EmergencyOnly as exc:
            return _emergency(request, draft, exc.notice)
        except CaseError as exc:
            draft.details_done = False
            draft.save(request)
            form = DetailsForm(_as_post(draft, service), service_type=service, draft=draft)
            form.is_valid()
            for field_name, message in case_error_messages(exc, form).items():
                form.add_error(field_name, message)
            return _details_page(request, form, draft, service, [])
        request.session["portal_sent"] = case.number
        draft.discard(request)
        return redirect("portal:report_sent", number=case.number)
    nearby = find_duplicates(service, draft.lat, draft.lon) if draft.lat is not None else []
    return render(
        request,
        "portal/report_review.html",
        {
            "draft": draft,
            "service": service,
            "answers": _answers(draft, service),
            "nearby": [(c, c.case.public(language)) for c in nearby],
            "nav": "report",
        },
    )


def _as_post(draft: Draft, service: ServiceType) -> dict[str, Any]:
    from django.utils.datastructures import MultiValueDict

    data = MultiValueDict()
    for key, value in _initial(draft, service).items():
        if isinstance(value, list):
            data.setlist(key, [str(v) for v in value])
        elif value is not None:
            data[key] = str(value) if not isinstance(value, bool) else ("on" if value else "")
    return data


def _send(request: HttpRequest, draft: Draft, service: ServiceType, language: str) -> Case:
    from django.core.files import File

    media = []
    opened = []
    try:
        for photo in draft.photo_list:
            handle = default_storage.open(photo.path, "rb")
            opened.append(handle)
            media.append(
                MediaInput(file=File(handle, name="photo.jpg"), content_type=photo.content_type, size=photo.size)
            )
        requester = None
        if service.requires_contact:
            contact = draft.contact
            requester = RequesterInfo(
                first_name=contact.get("first_name", ""),
                last_name=contact.get("last_name", ""),
                email=contact.get("email", ""),
                phone=contact.get("phone", ""),
                language=language,
                contact_preference=contact.get("contact_preference") or None,
            )
        case = open_case(
            service_type=service,
            channel=Channel.WEB,
            description=draft.description or draft.text,
            attributes=draft.attributes,
            lat=draft.lat,
            lon=draft.lon,
            address=draft.address,
            language=language,
            requester=requester,
            actor="Resident (web)",
            idempotency_key=f"web:{draft.id}",
            media=media,
        )
    finally:
        for handle in opened:
            handle.close()
    visits.finish(request, InteractionOutcome.CASE_OPENED, key=f"case:{case.number}", case=case)
    return case


def sent(request: HttpRequest, number: str) -> HttpResponse:
    """The case number, what happens next and when it is due; "follow this case"."""
    case = get_object_or_404(Case.objects.select_related("service_type", "department"), number=number)
    from ..forms import FollowForm

    language = active_language()
    return render(
        request,
        "portal/report_sent.html",
        {
            "case": case.public(language),
            "received_after_hours": case.received_after_hours,
            "department_opens": case.department.next_open() if case.received_after_hours else None,
            "yours": request.session.get("portal_sent") == case.number,
            "updates_by": case.requester.contact_preference
            if case.requester and request.session.get("portal_sent") == case.number
            else "",
            "follow_form": FollowForm(),
            "nav": "report",
        },
    )


@require_POST
def start_over(request: HttpRequest) -> HttpResponse:
    Draft.load(request).discard(request)
    return redirect("portal:report")


# --- for the map and the address box -------------------------------------------------------------------


def addresses(request: HttpRequest) -> JsonResponse:
    """Address search for the map script: ``?q=100 main`` or the nearest to ``?lat=&lon=``."""
    if "lat" in request.GET and "lon" in request.GET:
        try:
            lat, lon = float(request.GET["lat"]), float(request.GET["lon"])
        except ValueError:
            return JsonResponse({"results": []}, status=400)
        city = current_jurisdiction()
        near = nearest_address(lat, lon)
        return JsonResponse(
            {
                "inside": bool(city and city.contains(lat, lon)),
                "results": [{"address": near.address, "lat": near.lat, "lon": near.lon}] if near else [],
            }
        )
    matches = find_address(request.GET.get("q", "")[:300])
    return JsonResponse({"results": [{"address": m.address, "lat": m.lat, "lon": m.lon} for m in matches]})


def city_map(request: HttpRequest) -> JsonResponse:
    """The city limits and districts as GeoJSON, for the report map (no tile server needed)."""
    city = current_jurisdiction()
    if city is None:
        raise Http404("no city is loaded")
    features = [
        {
            "type": "Feature",
            "properties": {"kind": "boundary", "name": city.localized("name")},
            "geometry": geometry_of(city.boundary),
        }
    ]
    for district in city.districts.all():
        features.append(
            {
                "type": "Feature",
                "properties": {"kind": "district", "name": district.localized("name"), "code": district.code},
                "geometry": geometry_of(district.geometry),
            }
        )
    response = JsonResponse({"type": "FeatureCollection", "features": features})
    response["Cache-Control"] = "public, max-age=3600"
    return response
