from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_cache_table(sender, using: str = "default", **kwargs) -> None:
    # The database cache (used when REDIS_URL is not set) needs its table; creating it after every
    # migrate means no operator ever has to remember `createcachetable`.
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "cityline.core"
    label = "core"

    def ready(self) -> None:
        post_migrate.connect(_create_cache_table, sender=self)
