"""Settings of the server `python -m bench open311` measures: Cityline's own, with one more URL
(bench._open311_urls.py) for the constant-view ceiling. Used as DJANGO_SETTINGS_MODULE."""

from cityline.settings import *  # noqa: F403

ROOT_URLCONF = "bench._open311_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
