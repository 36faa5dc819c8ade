"""Cityline's URLs plus a Django view that returns a constant: the ceiling of any view on this
stack (same gunicorn, same middleware, no database)."""

from django.http import HttpResponse
from django.urls import include, path


def constant(request):
    return HttpResponse(b'[{"service_request_id":"1234567890"}]', content_type="application/json; charset=utf-8")


urlpatterns = [
    path("bench/constant.json", constant),
    path("", include("cityline.urls")),
]
