from django.apps import AppConfig


class PacksConfig(AppConfig):
    name = "cityline.packs"
    label = "packs"
    verbose_name = "City packs"
