from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "cityline.notify"
    label = "notify"
