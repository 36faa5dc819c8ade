from django.apps import AppConfig


class SmsConfig(AppConfig):
    name = "cityline.sms"
    label = "sms"
