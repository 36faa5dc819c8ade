"""The resident web portal's addresses. Paths are stable: e-mails, text messages and printed
notices link to them (see docs/portal.md)."""

from django.urls import path, register_converter

from .views import cases, directory, home, knowledge, report, search, updates


class CaseNumberConverter:
    """Digits, spaces and dashes as people copy them; the view checks the number itself."""

    regex = r"[0-9][0-9 \-]{0,30}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CaseNumberConverter, "casenumber")

app_name = "portal"

urlpatterns = [
    path("", home.home, name="home"),
    path("search/", search.search, name="search"),
    # Directory
    path("directory/", directory.directory, name="directory"),
    path("directory/open-referral.zip", directory.hsds_download, name="hsds"),
    path("directory/<slug:slug>/", directory.department, name="department"),
    path("directory/<slug:slug>/correction/", directory.correction, name="correction"),
    # Knowledge base
    path("help/", knowledge.topics, name="help"),
    path("help/<slug:slug>/", knowledge.article, name="article"),
    # Report a problem
    path("report/", report.describe, name="report"),
    path("report/safety/", report.safety, name="report_safety"),
    path("report/type/", report.choose_type, name="report_type"),
    path("report/new/<slug:code>/", report.start_with_type, name="report_new"),
    path("report/details/", report.details, name="report_details"),
    path("report/review/", report.review, name="report_review"),
    path("report/sent/<casenumber:number>/", report.sent, name="report_sent"),
    path("report/start-over/", report.start_over, name="report_start_over"),
    path("addresses/", report.addresses, name="addresses"),
    path("map/city.geojson", report.city_map, name="city_map"),
    # Cases
    path("cases/", cases.lookup, name="case_lookup"),
    path("cases/<casenumber:number>/", cases.case, name="case"),
    path("cases/<casenumber:number>/follow/", cases.follow, name="case_follow"),
    # Following a case: links sent by e-mail and SMS
    path("updates/confirm/<str:token>/", updates.confirm, name="confirm_subscription"),
    path("updates/stop/<str:token>/", updates.stop, name="unsubscribe"),
]
