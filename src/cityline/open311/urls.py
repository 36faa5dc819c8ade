from django.urls import path, re_path

from . import views

app_name = "open311"

FMT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    re_path(r"^$", views.discovery, {"fmt": "json"}, name="root"),
    re_path(rf"^discovery{FMT}", views.discovery, name="discovery"),
    re_path(rf"^services{FMT}", views.services, name="services"),
    re_path(rf"^services/(?P<code>[^/]+?){FMT}", views.service_definition, name="service"),
    re_path(rf"^requests{FMT}", views.requests, name="requests"),
    re_path(rf"^requests/(?P<request_id>[^/]+?){FMT}", views.request_detail, name="request"),
    re_path(rf"^requests/(?P<request_id>[^/]+?)/updates{FMT}", views.request_updates, name="request-updates"),
    re_path(rf"^tokens/(?P<token>[^/]+?){FMT}", views.token, name="token"),
    path("openapi.json", views.openapi_document, name="openapi"),
    re_path(r"^(?P<path>.*)$", views.not_found),
]
