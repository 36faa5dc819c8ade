from django.apps import AppConfig


class Open311Config(AppConfig):
    name = "cityline.open311"
    label = "open311"
