"""Open311 GeoReport v2 endpoints under /open311/v2/: parse, ask the domain, render."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone

from cityline.cases import numbers
from cityline.cases.actions import CaseError, EmergencyOnly, MediaInput, RequesterInfo, open_case
from cityline.cases.interactions import contact, save_contact
from cityline.cases.models import Case, Channel, InteractionOutcome
from cityline.core.models import AddressPoint

from . import documents, openapi, queries
from .endpoint import Call, Open311Error, endpoint
from .forms import RequestCreateForm, RequestListForm, open311_errors, single_values
from .render import render, render_errors, render_items

# How a domain refusal's field is named to an Open311 client.
PARAMETER_NAMES = {
    "location": "lat/long",
    "contact": "email or phone",
    "contact_preference": "email",
}
IDEMPOTENCY_WINDOW_SECONDS = 60


@endpoint()
def discovery(call: Call) -> HttpResponse:
    return render(documents.discovery(call.city), call.fmt, xml_root="discovery")


@endpoint()
def services(call: Call) -> HttpResponse:
    found = documents.catalog(call.city, call.language)["services"]
    return render(found, call.fmt, xml_root="services")


@endpoint()
def service_definition(call: Call, code: str) -> HttpResponse:
    definition = documents.catalog(call.city, call.language)["definitions"].get(code)
    if definition is None:
        raise Open311Error(404, f"service_code: there is no service {code!r}; the list is at services.{call.fmt}")
    return render(definition, call.fmt, xml_root="service_definition")


@endpoint(methods=("GET", "POST"), key_required_for=("POST",))
def requests(call: Call) -> HttpResponse:
    if call.request.method == "POST":
        return _create(call)
    return _list(call)


def _list(call: Call) -> HttpResponse:
    form = RequestListForm(single_values(call.params))
    if not form.is_valid():
        raise Open311Error(400, *open311_errors(form))
    filters = form.cleaned_data
    try:
        page = queries.find_requests(filters, count=form.paged)
    except queries.UnknownServiceCode as unknown:
        raise Open311Error(
            400, f"service_code: there is no service {unknown}; the list is at services.{call.fmt}"
        ) from None
    extensions = bool(filters.get("extensions"))
    found = documents.requests(
        page.found, call.city, call.language, extensions=extensions, fmt=call.fmt, load=queries.load_public
    )
    response = render_items(found, call.fmt, xml_root="service_requests")
    if page.total is not None:
        response["X-Total-Count"] = str(page.total)
        links = []
        if page.page * page.page_size < page.total:
            links.append(f'<{_page_url(call, page.page + 1)}>; rel="next"')
        if page.page > 1:
            links.append(f'<{_page_url(call, page.page - 1)}>; rel="prev"')
        if links:
            response["Link"] = ", ".join(links)
    return response


def _page_url(call: Call, page: int) -> str:
    params = {key: value for key, value in single_values(call.params).items() if key != "api_key"}
    params["page"] = str(page)
    return call.request.build_absolute_uri(call.request.path) + "?" + urlencode(params)


def _create(call: Call) -> HttpResponse:
    form = RequestCreateForm(single_values(call.params))
    if not form.is_valid():
        raise Open311Error(400, *open311_errors(form))
    data = form.cleaned_data
    catalog = documents.catalog(call.city, call.language)
    service_type = catalog["types"].get(data["service_code"])
    if service_type is None:
        raise Open311Error(
            400, f"service_code: there is no service {data['service_code']!r}; the list is at services.{call.fmt}"
        )
    lat, lon, address = data.get("lat"), data.get("long"), data.get("address_string") or ""
    if data.get("address_id") and lat is None:
        point = AddressPoint.objects.filter(pk=data["address_id"]).first() if data["address_id"].isdigit() else None
        if point is None:
            raise Open311Error(400, f"address_id: the city has no address {data['address_id']!r}")
        lat, lon, address = point.lat, point.lon, address or point.address
    attributes = RequestCreateForm.attributes(call.params)
    requester = None
    if form.requester_given:
        requester = RequesterInfo(
            first_name=data.get("first_name") or "",
            last_name=data.get("last_name") or "",
            phone=data.get("phone") or "",
            email=data.get("email") or "",
            device_id=data.get("device_id") or "",
            account_id=data.get("account_id") or "",
            language=call.language,
        )
    idempotency = _idempotency(call, data, attributes)
    replayed = idempotency.replayed()
    if replayed is not None:
        return _created(call, replayed, service_type, status=200)
    # The contact is written with the case, in open_case's one transaction (one commit to wait
    # for); a refused report records no contact, a 911 advisory records one on its own.
    interaction = contact(
        channel=Channel.OPEN311,
        outcome=InteractionOutcome.CASE_OPENED,
        language=call.language,
        external_id=idempotency.interaction_id,
    )
    try:
        case = open_case(
            service_type=service_type,
            channel=Channel.OPEN311,
            description=data.get("description") or "",
            attributes=attributes,
            lat=lat,
            lon=lon,
            address=address,
            language=call.language,
            requester=requester,
            actor=f"Resident (Open311 app: {call.api_key.name})",
            idempotency_key=idempotency.current,
            media=_media(data),
            interaction=interaction,
        )
    except EmergencyOnly as refusal:
        # Not a case, but a contact that ended in a 911 advisory: that is recorded.
        interaction.outcome, interaction.service_type = InteractionOutcome.EMERGENCY_ADVISORY, service_type
        save_contact(interaction)
        raise Open311Error(400, f"service_code: {refusal.notice}") from None
    except CaseError as refusal:
        raise Open311Error(
            400, *(f"{PARAMETER_NAMES.get(name, name)}: {message}" for name, message in refusal.errors.items())
        ) from None
    return _created(call, case.number, service_type, status=201)


def _media(data: dict) -> list[MediaInput]:
    return [MediaInput(url=data["media_url"])] if data.get("media_url") else []


def _created(call: Call, number: str, service_type, *, status: int) -> HttpResponse:
    answer = {
        "service_request_id": number,
        "service_notice": documents.emergency_notice(service_type, call.city, call.language),
    }
    response = render([answer], call.fmt, xml_root="service_requests", status=status)
    response["Location"] = call.request.build_absolute_uri(
        reverse("open311:request", kwargs={"request_id": number, "fmt": call.fmt})
    )
    return response


@dataclass(frozen=True)
class _Idempotency:
    """How a retried POST is recognised: the client's Idempotency-Key header (for as long as the
    case exists), or the same key, device, account and body within a minute."""

    current: str  # the key the new case is stored under
    earlier: list[str]  # keys an earlier identical POST may have been stored under
    since: datetime | None  # how far back such a POST counts

    def replayed(self) -> str | None:
        """The number of the case an earlier identical POST opened, if any."""
        # By the unique index on the key alone: with created_at in the query too, PostgreSQL may
        # walk every case of the last minute instead, thousands of them at a busy hour.
        found = Case.objects.filter(idempotency_key__in=[self.current, *self.earlier]).values_list(
            "number", "created_at"
        )
        return next((number for number, at in found if self.since is None or at >= self.since), None)

    @property
    def interaction_id(self) -> str:
        return "open311:" + hashlib.sha256(self.current.encode()).hexdigest()[:40]


def _idempotency(call: Call, data: dict, attributes: dict) -> _Idempotency:
    owner = f"open311:{call.api_key.pk}"
    header = (call.request.headers.get("Idempotency-Key") or "").strip()
    if header:
        key = f"{owner}:key:{hashlib.sha256(header.encode()).hexdigest()}"
        return _Idempotency(current=key, earlier=[], since=None)
    body = {name: value for name, value in data.items() if value not in (None, "")}
    body["attributes"] = attributes
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()
    now = timezone.now()
    window = int(now.timestamp()) // IDEMPOTENCY_WINDOW_SECONDS
    # Keys carry their minute, so the same report next week is a new case; the minute before is
    # looked at too, so a retry across a minute boundary still finds its case.
    return _Idempotency(
        current=f"{owner}:body:{window}:{digest}",
        earlier=[f"{owner}:body:{window - 1}:{digest}"],
        since=now - timedelta(seconds=IDEMPOTENCY_WINDOW_SECONDS),
    )


@endpoint()
def request_detail(call: Call, request_id: str) -> HttpResponse:
    case = _find(call, request_id)
    extensions = (call.params.get("extensions") or "").strip().lower() in ("true", "1", "yes", "on")
    found = [documents.request_of(case, call.city, call.language, extensions=extensions, fmt=call.fmt)]
    return render_items(found, call.fmt, xml_root="service_requests")


@endpoint()
def request_updates(call: Call, request_id: str) -> HttpResponse:
    case = _find(call, request_id)
    return render(
        documents.updates(case.public(call.language), call.zone), call.fmt, xml_root="service_request_updates"
    )


def _find(call: Call, request_id: str) -> Case:
    try:
        number = numbers.parse(request_id)
    except numbers.CaseNumberError as error:
        raise Open311Error(404, f"service_request_id: {error}") from None
    case = queries.find_one(number)
    if case is None:
        raise Open311Error(404, f"service_request_id: there is no request {request_id!r}")
    return case


@endpoint()
def token(call: Call, token: str) -> HttpResponse:
    raise Open311Error(
        404,
        "token: this server answers POST requests with the service_request_id at once and issues no tokens",
    )


def not_found(request, path: str = "") -> HttpResponse:
    """Anything else under /open311/v2/: an Open311 error, in the format the path asks for."""
    fmt = "xml" if path.endswith(".xml") else "json"
    hint = "resources are discovery, services, services/CODE, requests, requests/ID, each ending .json or .xml"
    response = render_errors([f"path: there is no {request.path!r} here; {hint}"], fmt, 404)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def openapi_document(request) -> HttpResponse:
    response = JsonResponse(openapi.document(), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response
