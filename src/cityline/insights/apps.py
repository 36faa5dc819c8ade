from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "cityline.insights"
    label = "insights"
