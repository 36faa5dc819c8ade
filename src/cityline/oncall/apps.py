from django.apps import AppConfig


class OncallConfig(AppConfig):
    name = "cityline.oncall"
    label = "oncall"
