"""Texts sent through the SMS webhook as the provider sends them (signed), with the same code as
``cityline sms``; and a local fake provider that serves MMS pictures."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from cityline.sms.simulator import TextingPhone
from cityline.triage.service import forget
from tests.notify.world import _mail_server, _provider_server, clock, mail, provider, world  # noqa: F401  (fixtures)
from tests.webhooks import SITE, TOKEN, ClientTransport, load_pack_for_module

SENDER = "+16205550199"


@pytest.fixture
def signed(settings):
    settings.TWILIO_AUTH_TOKEN = TOKEN
    settings.SITE_URL = SITE
    forget()
    return settings


@pytest.fixture
def texter(signed, client):
    """``texter()`` → a phone that texts the city; ``texter("+1…")`` from another number."""

    def make(phone: str = SENDER) -> TextingPhone:
        return TextingPhone(SITE, phone=phone, token=TOKEN, http=ClientTransport(client))

    return make


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 2000 + b"\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 500


class FakeProvider(BaseHTTPRequestHandler):
    """Media URLs as a provider serves them: pictures, a redirect to its CDN, and the odd bad file."""

    files = {
        "/Media/photo.jpg": ("image/jpeg", JPEG),
        "/Media/photo.png": ("image/png", PNG),
        "/Media/not-a-photo": ("image/jpeg", b"<html>not an image</html>"),
        "/Media/page.html": ("text/html", b"<html></html>"),
        "/Media/huge.jpg": ("image/jpeg", b"\xff\xd8\xff" + b"\x00" * (3 * 1024 * 1024)),
    }
    requests: list[tuple[str, str]] = []

    def do_GET(self):
        FakeProvider.requests.append((self.path, self.headers.get("Authorization", "")))
        if self.path == "/Media/redirect":
            self.send_response(307)
            self.send_header("Location", "/Media/photo.jpg")
            self.end_headers()
            return
        if self.path == "/Media/elsewhere":
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.end_headers()
            return
        found = self.files.get(self.path)
        if found is None:
            self.send_response(404)
            self.end_headers()
            return
        content_type, body = found
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # The media fetcher hangs up on a file that is too large: expected, not worth a traceback.
        pass


@pytest.fixture
def provider_media(settings):
    """A local fake provider serving MMS media; the base URL of its /Media/ files."""
    server = QuietServer(("127.0.0.1", 0), FakeProvider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.CITYLINE_SMS_MEDIA_HOSTS = ["127.0.0.1"]
    settings.CITYLINE_SMS_MEDIA_MAX_BYTES = 1024 * 1024
    FakeProvider.requests = []
    yield f"http://127.0.0.1:{server.server_address[1]}/Media"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def hutchinson_for_module(django_db_setup, django_db_blocker):
    yield from load_pack_for_module(django_db_blocker, "hutchinson-ks")


@pytest.fixture
def hutchinson_city(hutchinson_for_module, db):
    """The Hutchinson demo pack, loaded once for the module."""
    from cityline.core.models import current_jurisdiction

    return current_jurisdiction()
