from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cityline.cases"
    label = "cases"
