from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "cityline.directory"
    label = "directory"
