from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("insights/", views.dashboard_home, name="home"),
    path("insights/<slug:view>/", views.dashboard, name="view"),
    path("insights/<slug:view>/<slug:figure>.csv", views.figure_csv, name="csv"),
    path("performance/", views.performance, name="performance"),
    path("performance/<slug:figure>.csv", views.performance_csv, name="performance_csv"),
    path("open-data/<str:name>", views.open_data_file, name="open_data_file"),
    path("data.json", views.data_json, name="data_json"),
]
