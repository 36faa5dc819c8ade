from django.apps import AppConfig


class DemoConfig(AppConfig):
    """`cityline demo`: a trial city with every part filled in. It sits above every other app,
    since it sets up all of them (pack, staff, cases, on-call rota)."""

    name = "cityline.demo"
    label = "demo"
