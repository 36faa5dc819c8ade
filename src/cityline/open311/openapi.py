"""The OpenAPI 3.1 document of the Open311 API, served at /open311/v2/openapi.json.

Written next to the code it describes and checked against real responses by the tests, so it says
what the server does. Every resource exists as ``.json`` and ``.xml``; both are listed.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from .forms import DEFAULT_RADIUS_M, MAX_RADIUS_M, MAX_RESULTS

STRING = {"type": "string"}
TIMESTAMP = {"type": "string", "format": "date-time", "description": "W3C / RFC 3339, in the city's offset"}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


SCHEMAS: dict[str, Any] = {
    "Service": {
        "type": "object",
        "required": ["service_code", "service_name", "metadata", "type"],
        "properties": {
            "service_code": STRING,
            "service_name": STRING,
            "description": STRING,
            "metadata": {"type": "boolean", "description": "true: read services/{service_code} for its attributes"},
            "type": {"type": "string", "enum": ["realtime", "batch", "blackbox"]},
            "keywords": {"type": "string", "description": "comma separated"},
            "group": STRING,
        },
        "additionalProperties": False,
    },
    "AttributeValue": {
        "type": "object",
        "required": ["key", "name"],
        "properties": {"key": STRING, "name": STRING},
        "additionalProperties": False,
    },
    "Attribute": {
        "type": "object",
        "required": ["variable", "code", "datatype", "required", "order"],
        "properties": {
            "variable": {"type": "boolean", "description": "false: an informational line that takes no answer"},
            "code": STRING,
            "datatype": {
                "type": "string",
                "enum": ["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"],
            },
            "required": {"type": "boolean"},
            "datatype_description": STRING,
            "order": {"type": "integer", "minimum": 1},
            "description": STRING,
            "values": {"type": "array", "items": _ref("AttributeValue")},
        },
        "additionalProperties": False,
    },
    "ServiceDefinition": {
        "type": "object",
        "required": ["service_code", "attributes"],
        "properties": {"service_code": STRING, "attributes": {"type": "array", "items": _ref("Attribute")}},
        "additionalProperties": False,
    },
    "ExtendedAttributes": {
        "type": "object",
        "description": "Only with extensions=true.",
        "properties": {
            "detailed_status": {
                "type": "string",
                "enum": ["new", "acknowledged", "in_progress", "scheduled", "on_hold", "closed"],
            },
            "department": {"type": "string", "description": "the responsible department's id (slug)"},
            "channel": {"type": "string", "description": "how the request came in: web, phone, sms, open311 …"},
            "district": STRING,
            "closed_datetime": TIMESTAMP,
            "closing_reason": {
                "type": "string",
                "enum": ["resolved", "duplicate", "referred", "no_action", "unable_to_locate"],
            },
            "duplicate_of": {"type": "string", "description": "service_request_id of the request this one duplicates"},
            "media_urls": {"type": "array", "items": {"type": "string", "format": "uri"}},
        },
        "additionalProperties": False,
    },
    "ServiceRequest": {
        "type": "object",
        "required": ["service_request_id", "status", "service_code", "requested_datetime"],
        "properties": {
            "service_request_id": STRING,
            "status": {"type": "string", "enum": ["open", "closed"]},
            "status_notes": STRING,
            "service_name": STRING,
            "service_code": STRING,
            "description": {"type": "string", "maxLength": 4000},
            "agency_responsible": STRING,
            "service_notice": STRING,
            "requested_datetime": TIMESTAMP,
            "updated_datetime": TIMESTAMP,
            "expected_datetime": TIMESTAMP,
            "address": STRING,
            "address_id": STRING,
            "zipcode": STRING,
            "lat": {"type": "number"},
            "long": {"type": "number"},
            "media_url": {"type": "string", "format": "uri"},
            "extended_attributes": _ref("ExtendedAttributes"),
        },
        "additionalProperties": False,
    },
    "CreatedRequest": {
        "type": "object",
        "required": ["service_request_id"],
        "properties": {
            "service_request_id": {"type": "string", "description": "the case number"},
            "service_notice": {"type": "string", "description": "e.g. dial 911 if anyone is in danger"},
        },
        "additionalProperties": False,
    },
    "RequestUpdate": {
        "type": "object",
        "required": ["update_id", "service_request_id", "status", "updated_datetime"],
        "properties": {
            "update_id": STRING,
            "service_request_id": STRING,
            "status": {"type": "string", "enum": ["open", "closed"]},
            "detailed_status": STRING,
            "kind": STRING,
            "updated_datetime": TIMESTAMP,
            "description": STRING,
        },
        "additionalProperties": False,
    },
    "Endpoint": {
        "type": "object",
        "required": ["specification", "url", "type", "formats"],
        "properties": {
            "specification": STRING,
            "url": {"type": "string", "format": "uri"},
            "changeset": TIMESTAMP,
            "type": {"type": "string", "enum": ["production", "test"]},
            "formats": {"type": "array", "items": STRING},
        },
        "additionalProperties": False,
    },
    "Discovery": {
        "type": "object",
        "required": ["contact", "endpoints"],
        "properties": {
            "changeset": TIMESTAMP,
            "contact": STRING,
            "key_service": STRING,
            "endpoints": {"type": "array", "items": _ref("Endpoint")},
        },
        "additionalProperties": False,
    },
    "Error": {
        "type": "object",
        "required": ["code", "description"],
        "properties": {
            "code": {"type": "integer", "description": "the HTTP status"},
            "description": {"type": "string", "description": "which parameter, what is wrong, what to send"},
        },
        "additionalProperties": False,
    },
    "Errors": {"type": "array", "items": _ref("Error"), "minItems": 1},
}

XML_ROOTS = {
    "Discovery": "discovery",
    "Services": "services",
    "ServiceDefinition": "service_definition",
    "ServiceRequests": "service_requests",
    "CreatedRequests": "service_requests",
    "RequestUpdates": "service_request_updates",
    "Errors": "errors",
}

LISTS = {
    "Services": "Service",
    "ServiceRequests": "ServiceRequest",
    "CreatedRequests": "CreatedRequest",
    "RequestUpdates": "RequestUpdate",
}


def _param(name: str, where: str, schema: dict, description: str, required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": where, "required": required, "schema": schema, "description": description}


JURISDICTION = _param(
    "jurisdiction_id", "query", STRING, "Optional: this endpoint serves one city; another id is answered with 404."
)
LOCALE = _param("locale", "query", {"type": "string", "enum": ["en", "es"]}, "Extension: the language of names.")
API_KEY_OPTIONAL = _param(
    "api_key",
    "query",
    STRING,
    "Optional on reads: with a key, the key's rate limit applies instead of the anonymous one.",
)
SERVICE_CODE = _param("service_code", "path", STRING, "A service_code from services.", required=True)
REQUEST_ID = _param("service_request_id", "path", STRING, "The case number.", required=True)

LIST_PARAMETERS = [
    _param("service_request_id", "query", STRING, "Comma separated case numbers; overrides every other filter."),
    _param("service_code", "query", STRING, "Comma separated service codes."),
    _param("start_date", "query", STRING, "W3C date-time; with end_date at most 90 days apart."),
    _param("end_date", "query", STRING, "W3C date-time. Without dates: the last 90 days."),
    _param("status", "query", STRING, "open, closed or open,closed."),
    _param("updated_after", "query", STRING, "Extension: changed after this W3C date-time (oldest change first)."),
    _param("updated_before", "query", STRING, "Extension: changed at or before this W3C date-time."),
    _param("page", "query", {"type": "integer", "minimum": 1}, "Extension: page number, from 1."),
    _param(
        "page_size", "query", {"type": "integer", "minimum": 1, "maximum": MAX_RESULTS}, "Extension: requests per page."
    ),
    _param("lat", "query", {"type": "number"}, "Extension: centre latitude (WGS84) of a radius search."),
    _param("long", "query", {"type": "number"}, "Extension: centre longitude (WGS84) of a radius search."),
    _param(
        "radius",
        "query",
        {"type": "number", "minimum": 1, "maximum": MAX_RADIUS_M},
        f"Extension: metres around lat/long (default {DEFAULT_RADIUS_M}).",
    ),
    _param("bbox", "query", STRING, "Extension: min_long,min_lat,max_long,max_lat (longitude first, as GeoJSON)."),
    _param("q", "query", STRING, "Extension: words that must all appear in the description or address."),
    _param("extensions", "query", {"type": "boolean"}, "Extension: true adds extended_attributes."),
]

CREATE_FIELDS: dict[str, Any] = {
    "api_key": {"type": "string", "description": "Required: the key the city gave you."},
    "jurisdiction_id": STRING,
    "service_code": STRING,
    "lat": {"type": "number"},
    "long": {"type": "number"},
    "address_string": STRING,
    "address_id": STRING,
    "description": {"type": "string", "maxLength": 4000},
    "media_url": {"type": "string", "format": "uri"},
    "first_name": STRING,
    "last_name": STRING,
    "phone": STRING,
    "email": STRING,
    "device_id": STRING,
    "account_id": STRING,
}


def _content(name: str, fmt: str) -> dict[str, Any]:
    if fmt == "xml":
        # The same fields as the JSON form, as elements under <{root}>; lists repeat a singular
        # element (<services><service>…). Described, not modelled: XML schemas are out of OpenAPI's reach.
        schema: dict[str, Any] = {"description": f"XML document with root <{XML_ROOTS[name]}>; fields as in JSON"}
        return {"text/xml; charset=utf-8": {"schema": schema}}
    schema = {"type": "array", "items": _ref(LISTS[name])} if name in LISTS else _ref(name)
    return {"application/json; charset=utf-8": {"schema": schema}}


def _response(description: str, name: str, fmt: str, headers: dict | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"description": description, "content": _content(name, fmt)}
    if headers:
        found["headers"] = headers
    return found


def _errors(fmt: str, *statuses: int) -> dict[str, Any]:
    meaning = {
        400: "Bad input: each error names the parameter and what to send.",
        403: "api_key missing, not valid or revoked.",
        404: "Unknown service, request or jurisdiction.",
        405: "Method not allowed here.",
        429: "Rate limit reached; Retry-After says when to try again.",
        503: "No city is loaded yet.",
    }
    found = {str(status): _response(meaning[status], "Errors", fmt) for status in (*statuses, 503)}
    if "429" in found:
        found["429"]["headers"] = {"Retry-After": {"schema": {"type": "integer"}}}
    return found


def _paths() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for fmt in ("json", "xml"):
        common = [JURISDICTION, LOCALE, API_KEY_OPTIONAL]
        paths[f"/discovery.{fmt}"] = {
            "get": {
                "operationId": f"discovery_{fmt}",
                "summary": "Where this API is, its formats and how to get a key",
                "parameters": common,
                "responses": {
                    "200": _response("The discovery document", "Discovery", fmt),
                    **_errors(fmt, 403, 404, 429),
                },
            }
        }
        paths[f"/services.{fmt}"] = {
            "get": {
                "operationId": f"services_{fmt}",
                "summary": "Service types residents can report",
                "parameters": common,
                "responses": {"200": _response("Every active service", "Services", fmt), **_errors(fmt, 403, 404, 429)},
            }
        }
        paths[f"/services/{{service_code}}.{fmt}"] = {
            "get": {
                "operationId": f"service_definition_{fmt}",
                "summary": "A service's attributes (questions), in order",
                "parameters": [SERVICE_CODE, *common],
                "responses": {
                    "200": _response("The definition", "ServiceDefinition", fmt),
                    **_errors(fmt, 403, 404, 429),
                },
            }
        }
        total_headers = {
            "X-Total-Count": {"schema": {"type": "integer"}, "description": "With page or page_size: all matches"},
            "Link": {"schema": STRING, "description": "With page or page_size: rel=next / rel=prev pages"},
        }
        form_schema = {
            "type": "object",
            "required": ["api_key", "service_code"],
            "properties": CREATE_FIELDS,
            "description": "Plus attribute[CODE]=value and attribute[CODE][]=value for list answers. "
            "A location is required: lat and long, address_string or address_id.",
        }
        paths[f"/requests.{fmt}"] = {
            "get": {
                "operationId": f"requests_{fmt}",
                "summary": "Service requests, most recent first (at most 1000 a call)",
                "parameters": [*common, *LIST_PARAMETERS],
                "responses": {
                    "200": _response("Matching requests", "ServiceRequests", fmt, total_headers),
                    **_errors(fmt, 400, 403, 404, 429),
                },
            },
            "post": {
                "operationId": f"create_request_{fmt}",
                "summary": "Report a problem; answers with the case number",
                "parameters": [
                    _param("Idempotency-Key", "header", STRING, "Retrying with the same key gives the same case.")
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/x-www-form-urlencoded": {"schema": form_schema},
                        "multipart/form-data": {"schema": form_schema},
                    },
                },
                "responses": {
                    "201": _response("The new request", "CreatedRequests", fmt),
                    "200": _response("A retried POST: the request made the first time", "CreatedRequests", fmt),
                    **_errors(fmt, 400, 403, 404, 429),
                },
            },
        }
        paths[f"/requests/{{service_request_id}}.{fmt}"] = {
            "get": {
                "operationId": f"request_{fmt}",
                "summary": "One request (a list of one, as the spec says)",
                "parameters": [
                    REQUEST_ID,
                    *common,
                    _param("extensions", "query", {"type": "boolean"}, "true adds extended_attributes"),
                ],
                "responses": {
                    "200": _response("The request", "ServiceRequests", fmt),
                    **_errors(fmt, 403, 404, 429),
                },
            }
        }
        paths[f"/requests/{{service_request_id}}/updates.{fmt}"] = {
            "get": {
                "operationId": f"request_updates_{fmt}",
                "summary": "Extension: the public status updates of a request, oldest first",
                "parameters": [REQUEST_ID, *common],
                "responses": {
                    "200": _response("The updates", "RequestUpdates", fmt),
                    **_errors(fmt, 403, 404, 429),
                },
            }
        }
        paths[f"/tokens/{{token}}.{fmt}"] = {
            "get": {
                "operationId": f"token_{fmt}",
                "summary": "Not used: POST answers with the service_request_id at once",
                "parameters": [_param("token", "path", STRING, "A token", required=True), *common],
                "responses": _errors(fmt, 404),
            }
        }
    return paths


def document() -> dict[str, Any]:
    return deepcopy(
        {
            "openapi": "3.1.0",
            "info": {
                "title": "Cityline Open311 GeoReport v2",
                "version": "2",
                "description": "Open311 GeoReport v2 in JSON and XML, with documented extensions that are off "
                "unless asked for. Errors are a list of {code, description}. Empty fields are left out.",
            },
            "servers": [{"url": "/open311/v2"}],
            "paths": _paths(),
            "components": {
                "schemas": SCHEMAS,
                "securitySchemes": {"api_key": {"type": "apiKey", "in": "query", "name": "api_key"}},
            },
        }
    )
