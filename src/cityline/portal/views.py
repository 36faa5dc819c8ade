from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cityline.directory.models import Department


def home(request: HttpRequest) -> HttpResponse:
    departments = Department.objects.filter(active=True).prefetch_related("phones")
    return render(request, "portal/home.html", {"departments": departments})
