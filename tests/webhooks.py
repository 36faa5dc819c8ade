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
