"""Test helpers for the provider webhooks: the provider simulators over Django's test client."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlsplit

TOKEN = "test-auth-token-0123456789abcdef"
SITE = "http://testserver"


class ClientTransport:
    """``requests.Session.post`` over Django's test client: the same URL, form body and signature
    header reach the real webhook view, inside the test's transaction."""

    def __init__(self, client):
        self.client = client

    def post(self, url, data, headers, timeout):
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        extra = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
        response = self.client.post(path, data=data, **extra)
        return SimpleNamespace(status_code=response.status_code, text=response.content.decode())


def load_pack_for_module(django_db_blocker, pack: str):
    """Load a pack once for a whole test module (each test still runs in its own rolled-back
    transaction), and empty the database again after the module: loading the Hutchinson pack takes
    seconds, and a module of calls needs it many times."""
    from django.core.management import call_command

    from cityline.core.models import forget_current_jurisdiction
    from cityline.packs.loader import load_pack

    with django_db_blocker.unblock():
        load_pack(pack)
    forget_current_jurisdiction()
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
    forget_current_jurisdiction()
