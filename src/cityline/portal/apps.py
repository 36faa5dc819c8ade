from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "cityline.portal"
    label = "portal"
