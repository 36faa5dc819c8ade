from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "cityline.knowledge"
    label = "knowledge"
