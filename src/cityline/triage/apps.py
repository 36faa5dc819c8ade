from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "cityline.triage"
    label = "triage"
