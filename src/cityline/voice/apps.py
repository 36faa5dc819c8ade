from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "cityline.voice"
    label = "voice"
