"""Real servers standing in for the outside world: a telephony provider and a mail server.

The fake provider is a small HTTP server that answers the provider's REST API as the provider does
(201 with a JSON record on create, a page of records on list, a JSON error on refusal), so the
`twilio` client code runs for real against it; it records every request for the test to count.
"""

from __future__ import annotations

import base64
import contextlib
import email
import email.policy
import json
import socket
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "test-auth-token-0123456789"
FROM_NUMBER = "+16205550100"


@dataclass
class Sent:
    kind: str  # "sms" or "call"
    sid: str
    to: str
    body: str = ""
    url: str = ""
    status_callback: str = ""
    created: datetime = field(default_factory=lambda: datetime.now(UTC))


class FakeProvider:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset()
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, status: int, payload: dict) -> None:
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

            def _authorised(self) -> bool:
                expected = "Basic " + base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
                if self.headers.get("Authorization") != expected:
                    self._json(401, {"code": 20003, "message": "Authenticate", "status": 401})
                    return False
                return True

            def do_POST(self):
                if not self._authorised():
                    return
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                path = urlparse(self.path).path
                kind = "sms" if path.endswith("/Messages.json") else "call" if path.endswith("/Calls.json") else ""
                if not kind or not path.startswith(f"/2010-04-01/Accounts/{ACCOUNT_SID}/"):
                    return self._json(404, {"code": 20404, "message": "Not found", "status": 404})
                with provider.lock:
                    provider.requests += 1
                    if provider.fail_times > 0:
                        provider.fail_times -= 1
                        return self._json(503, {"code": 20500, "message": "Service unavailable", "status": 503})
                    refusal = provider.refuse.get(form.get("To", ""))
                    if refusal:
                        status, code, text = refusal
                        return self._json(status, {"code": code, "message": text, "status": status})
                    record = Sent(
                        kind=kind,
                        sid=("SM" if kind == "sms" else "CA") + uuid.uuid4().hex,
                        to=form.get("To", ""),
                        body=form.get("Body", ""),
                        url=form.get("Url", ""),
                        status_callback=form.get("StatusCallback", ""),
                    )
                    provider.sent.append(record)
                    texts = sum(1 for s in provider.sent if s.kind == "sms")
                    hang = kind == "sms" and provider.hang_on == texts
                if hang:
                    # Accepted, but the answer never comes back: the sender dies waiting.
                    provider.hanging.set()
                    provider.release.wait(30)
                    return
                self._json(201, provider.record_json(record))

            def do_GET(self):
                if not self._authorised():
                    return
                parsed = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(parsed.query).items()}
                kind = "sms" if parsed.path.endswith("/Messages.json") else "call"
                with provider.lock:
                    found = [
                        s
                        for s in reversed(provider.sent)
                        if s.kind == kind and (not query.get("To") or s.to == query["To"])
                    ]
                key = "messages" if kind == "sms" else "calls"
                self._json(
                    200,
                    {
                        key: [provider.record_json(s) for s in found],
                        "first_page_uri": parsed.path,
                        "next_page_uri": None,
                        "previous_page_uri": None,
                        "page": 0,
                        "page_size": 50,
                        "start": 0,
                        "end": len(found),
                        "uri": self.path,
                    },
                )

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def reset(self) -> None:
        with self.lock:
            self.sent: list[Sent] = []
            self.refuse: dict[str, tuple[int, int, str]] = {}  # number -> (HTTP status, error code, message)
            self.fail_times = 0  # answer the next N sends with 503
            self.hang_on: int | None = None  # accept the Nth text (1-based) but never answer it
            self.hanging = threading.Event()
            self.release = threading.Event()
            self.requests = 0

    @staticmethod
    def record_json(record: Sent) -> dict:
        return {
            "sid": record.sid,
            "account_sid": ACCOUNT_SID,
            "to": record.to,
            "from": FROM_NUMBER,
            "body": record.body,
            "status": "queued",
            "direction": "outbound-api",
            "date_created": format_datetime(record.created),
            "date_updated": format_datetime(record.created),
            "num_segments": "1",
            "uri": f"/2010-04-01/Accounts/{ACCOUNT_SID}/{'Messages' if record.kind == 'sms' else 'Calls'}/{record.sid}.json",
        }

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeProvider:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def texts_to(self, number: str) -> list[Sent]:
        return [s for s in self.sent if s.kind == "sms" and s.to == number]

    def calls_to(self, number: str) -> list[Sent]:
        return [s for s in self.sent if s.kind == "call" and s.to == number]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailSink:
    """A real SMTP server (aiosmtpd) on localhost that keeps every message it receives."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list = []
        sink = self

        class Handler:
            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                if address.endswith("@bounce.example"):
                    return "550 5.1.1 No such mailbox"
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, server, session, envelope):
                sink.envelopes.append(envelope)
                sink.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
                return "250 Message accepted for delivery"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=_free_port())

    def start(self) -> MailSink:
        self.controller.start()
        return self

    @property
    def port(self) -> int:
        return self.controller.port

    def stop(self) -> None:
        self.controller.stop()

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if address in m["To"]]

    @staticmethod
    def text(message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")

    @staticmethod
    def html(message) -> str:
        return message.get_body(preferencelist=("html",)).get_content()
