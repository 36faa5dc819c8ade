from django.contrib.auth.decorators import login_required
from django.urls import path

from . import views_auth, views_calls, views_work

app_name = "console"

urlpatterns = [
    path("", views_work.home, name="home"),
    path("login/", views_auth.LoginView.as_view(), name="login"),
    path("logout/", views_auth.LogoutView.as_view(), name="logout"),
    path("password/", login_required(views_auth.PasswordChangeView.as_view()), name="password"),
    # the call-taker's screen
    path("calls/", views_calls.calls, name="calls"),
    path("calls/start/", views_calls.start_call, name="start_call"),
    path("calls/<int:pk>/", views_calls.call, name="call"),
    path("calls/<int:pk>/assist/", views_calls.call_assist, name="call_assist"),
    path("calls/<int:pk>/case/", views_calls.case_form, name="call_case_form"),
    path("calls/<int:pk>/case/open/", views_calls.open_case, name="call_open_case"),
    path("calls/<int:pk>/lookup/", views_calls.lookup, name="call_lookup"),
    path("calls/<int:pk>/answered/", views_calls.answered, name="call_answered"),
    path("calls/<int:pk>/transfer/", views_calls.transfer, name="call_transfer"),
    path("calls/<int:pk>/status/", views_calls.status_given, name="call_status"),
    path("calls/<int:pk>/emergency/", views_calls.emergency, name="call_emergency"),
    path("calls/<int:pk>/escalate/", views_calls.escalation_form, name="call_escalation_form"),
    path("calls/<int:pk>/escalate/open/", views_calls.escalate, name="call_escalate"),
    path("calls/<int:pk>/abandoned/", views_calls.abandoned, name="call_abandoned"),
    # departments' work
    path("queue/", views_work.queue, name="queue"),
    path("queue/bulk/", views_work.bulk, name="bulk"),
    path("search/", views_work.search, name="search"),
    path("cases/<str:number>/", views_work.case_page, name="case"),
    path("cases/<str:number>/<slug:action>/", views_work.case_action, name="case_action"),
    path("supervisor/", views_work.supervisor, name="supervisor"),
]
