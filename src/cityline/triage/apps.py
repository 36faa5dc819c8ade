from django.apps import AppConfig


class TriageConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cityline.triage"
    label = "triage"
    verbose_name = "Triage"
