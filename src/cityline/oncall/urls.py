from django.urls import path

from . import views

app_name = "oncall"

urlpatterns = [
    path("voice/<str:token>/", views.voice, name="voice"),
    path("voice/<str:token>/key/", views.voice_key, name="voice_key"),
    path("voice/<str:token>/status/", views.voice_status, name="voice_status"),
    path("ack/<str:token>/", views.ack, name="ack"),
    path("calendar/<str:token>.ics", views.calendar, name="calendar"),
]
