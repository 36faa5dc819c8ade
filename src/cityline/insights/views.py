"""Insights pages: the staff dashboard (five views, each figure also as CSV), the public
performance page and the open-data downloads. Views parse filters, ask ``figures`` and render."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cityline.directory.models import Role

from . import figures, opendata, public, queries
from .forms import FilterForm, StaffingForm
from .staffing import staffing_plan

# name → (title, roles beyond supervisor and administrator that may see it)
VIEWS = {
    "volume": (gettext_lazy("Volume"), {Role.DEPARTMENT_STAFF}),
    "accountability": (gettext_lazy("Promises kept"), {Role.DEPARTMENT_STAFF}),
    "call-centre": (gettext_lazy("Call centre"), set()),
    "places": (gettext_lazy("Where"), {Role.DEPARTMENT_STAFF}),
    "staffing": (gettext_lazy("Staffing"), set()),
}


def viewer_scope(request: HttpRequest, view: str) -> frozenset[int] | None:
    """The departments this person may see figures of (None = all); refuse anyone else.

    Supervisors and administrators see everything; department staff see their own departments'
    case figures (not the call centre's); call-takers and people without a staff profile see none.
    """
    user = request.user
    if user.is_superuser:
        return None
    profile = getattr(user, "staff", None)
    if profile is None:
        raise PermissionDenied(_("The insights dashboard is for city supervisors and managers."))
    if profile.role in (Role.SUPERVISOR, Role.ADMINISTRATOR):
        return None
    if profile.role in VIEWS[view][1] and profile.role == Role.DEPARTMENT_STAFF:
        departments = profile.department_ids()
        if departments:
            return frozenset(departments)
    raise PermissionDenied(_("This view is for city supervisors and managers."))


def _allowed_views(request: HttpRequest) -> list[tuple[str, str]]:
    allowed = []
    for name, (title, _roles) in VIEWS.items():
        try:
            viewer_scope(request, name)
        except PermissionDenied:
            continue
        allowed.append((name, str(title)))
    return allowed


@login_required
def dashboard_home(request: HttpRequest) -> HttpResponse:
    allowed = _allowed_views(request)
    if not allowed:
        raise PermissionDenied(_("The insights dashboard is for city supervisors and managers."))
    return redirect("insights:view", view=allowed[0][0])


def _build(view: str, request: HttpRequest, scope, with_charts: bool, only: str | None = None):
    """(form, figures, extra context) for a view; figures is None when the filters are wrong."""
    today = queries.today_in_city()
    form = FilterForm(request.GET or None, today=today, scope=scope)
    if form.out_of_scope():
        raise PermissionDenied(_("You can see only your own departments' figures."))
    if request.GET and not form.is_valid():
        return form, None, {}
    filters = form.filters() if request.GET else queries.Filters(today - timedelta(days=29), today, scope=scope)
    extra: dict = {"filters": filters}
    now = timezone.now()
    if view == "volume":
        built = figures.volume_figures(filters, with_charts)
    elif view == "accountability":
        built = figures.accountability_figures(filters, now, with_charts, only=only)
    elif view == "call-centre":
        built = figures.call_centre_figures(filters, with_charts)
    elif view == "places":
        built = figures.places_figures(filters, with_charts)
        extra["boundary"] = public.city_boundary()
    else:
        staffing_form = StaffingForm(request.GET or None)
        if request.GET and not staffing_form.is_valid():
            return form, None, {"staffing_form": staffing_form}
        targets = staffing_form.targets() if request.GET else _default_targets()
        plan = staffing_plan(today, language=filters.language, **targets)
        built = figures.staffing_figures(plan, with_charts)
        extra.update(staffing_form=staffing_form, plan=plan)
    if not request.GET:
        form = FilterForm(initial={"start": filters.start, "end": filters.end}, today=today, scope=scope)
    return form, built, extra


def _default_targets() -> dict:
    form = StaffingForm({})
    form.is_valid()
    return form.targets()


@login_required
def dashboard(request: HttpRequest, view: str) -> HttpResponse:
    if view not in VIEWS:
        raise Http404
    scope = viewer_scope(request, view)
    # The console's layout shows the person's role and marks its menu entry.
    request.staff = getattr(request.user, "staff", None)
    form, built, extra = _build(view, request, scope, with_charts=True)
    context = {
        "section": "insights",
        "view": view,
        "view_title": VIEWS[view][0],
        "views": _allowed_views(request),
        "form": form,
        "figures": built,
        "refreshed_at": queries.last_refresh(),
        "query": request.GET.urlencode(),
        **extra,
    }
    return render(request, "insights/dashboard.html", context, status=200 if built is not None else 400)


@login_required
def figure_csv(request: HttpRequest, view: str, figure: str) -> HttpResponse:
    if view not in VIEWS:
        raise Http404
    scope = viewer_scope(request, view)
    form, built, _extra = _build(view, request, scope, with_charts=False, only=figure)
    if built is None:
        errors = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in form.errors.items())
        return HttpResponseBadRequest(f"Check the filters: {errors}\n", content_type="text/plain; charset=utf-8")
    return _csv_response(built, figure, f"{view}-{figure}")


def _csv_response(built: list[figures.Figure], slug: str, filename: str) -> HttpResponse:
    chosen = next((f for f in built if f.slug == slug), None)
    if chosen is None:
        raise Http404
    response = HttpResponse(chosen.table.csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename)}.csv"'
    return response


# --- public --------------------------------------------------------------------------------------


def performance(request: HttpRequest) -> HttpResponse:
    page = public.performance_page(today=queries.today_in_city())
    return render(
        request,
        "insights/performance.html",
        {
            "page": page,
            "headlines": [page.year, page.last_month],
            "downloads": opendata.available_files(),
            "refreshed_at": queries.last_refresh(),
        },
    )


def performance_csv(request: HttpRequest, figure: str) -> HttpResponse:
    page = public.performance_page(today=queries.today_in_city(), with_charts=False)
    return _csv_response(page.figures, figure, f"performance-{figure}")


def open_data_file(request: HttpRequest, name: str) -> FileResponse:
    path = opendata.published_file(name)
    if path is None:
        raise Http404(_("That file has not been published yet."))
    content_type = opendata.CONTENT_TYPES.get(path.suffix, "application/octet-stream")
    response = FileResponse(path.open("rb"), content_type=content_type)
    if path.suffix in (".csv", ".geojson"):
        response["Content-Disposition"] = f'attachment; filename="{path.name}"'
    return response


def data_json(request: HttpRequest) -> FileResponse:
    """The DCAT-US catalog at the conventional address, /data.json."""
    return open_data_file(request, "data.json")


def today() -> date:
    return queries.today_in_city()
