from django.urls import path

from . import views

app_name = "voice"

urlpatterns = [
    path("incoming", views.incoming, name="incoming"),
    path("step/<slug:name>", views.step, name="step"),
    path("status", views.status, name="status"),
    path("transcription", views.transcription, name="transcription"),
]
