from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "cityline.console"
    label = "console"
