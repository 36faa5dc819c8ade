from django.apps import AppConfig


class OncallConfig(AppConfig):
    name = "cityline.oncall"
    label = "oncall"
    verbose_name = "On call"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects paging to case changes)
