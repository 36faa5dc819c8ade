from django.urls import path

from . import views

app_name = "notify"

urlpatterns = [
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("survey/<str:token>/", views.survey, name="survey"),
    path("status/<str:token>/", views.sms_status, name="sms_status"),
]
