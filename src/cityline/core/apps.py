from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cityline.core"
    label = "core"
