"""Real Open311 clients from PyPI against a live `cityline serve` over HTTP.

The server runs as a subprocess (gunicorn, two workers) on a free port against a database this
module prepares the way a city's IT team would: `cityline migrate`, `cityline load-pack`,
`cityline api-key create`. SQLite by default; a fresh PostgreSQL database when DATABASE_URL
points at PostgreSQL.

- ``georeport`` (reads, JSON and XML): services, a definition, lists with filters, one request;
- ``civicbot`` (its Open311Client creates requests): checks the form against the live definition,
  posts it with attributes, reads it back.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests
from civicbot import Endpoint, HttpTransport, Open311Client
from civicbot.http import HttpError, RateLimiter
from georeport import GeoReport

from tests.conftest import MINIMAL_PACK

from .open311 import check_datetimes, same_document, validate_schema

pytestmark = pytest.mark.xdist_group("live-server")

JURISDICTION = "riverton-test"
INSIDE = {"lat": 38.0500, "lng": -97.9300}


@dataclass
class LiveCity:
    root: str  # …/open311/v2
    key: str
    slow_key: str  # five requests a minute


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url(tmp: Path) -> tuple[str, callable]:
    """A database of the live server's own: a SQLite file, or a fresh PostgreSQL database."""
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp / 'live.sqlite3'}", lambda: None
    import psycopg

    parts = urlsplit(configured)
    name = f"{parts.path.lstrip('/') or 'cityline'}_live_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit(parts._replace(path=f"/{name}")), drop


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> Iterator[LiveCity]:
    tmp = tmp_path_factory.mktemp("live-city")
    database_url, drop_database = _database_url(tmp)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CITYLINE_VAR_DIR": str(tmp),
        "SECRET_KEY": "live-test-secret",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    cityline = [sys.executable, "-m", "cityline.cli"]

    def run(*args: str) -> str:
        done = subprocess.run([*cityline, *args], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    run("migrate", "-v0")
    run("load-pack", str(MINIMAL_PACK))
    key = run("api-key", "create", "Live test app", "--rate-limit", "1000").strip()
    slow_key = run("api-key", "create", "Slow app", "--rate-limit", "5").strip()
    port = _free_port()
    log = (tmp / "serve.log").open("w")
    server = subprocess.Popen(
        [*cityline, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2", "--threads", "2"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    root = f"http://127.0.0.1:{port}/open311/v2"
    try:
        deadline = time.monotonic() + 90  # a loaded machine starts gunicorn slowly
        while True:
            try:
                if requests.get(f"{root}/discovery.json", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert server.poll() is None, (tmp / "serve.log").read_text()
            assert time.monotonic() < deadline, "cityline serve did not answer within 90 s"
            time.sleep(0.2)
        yield LiveCity(root=root, key=key, slow_key=slow_key)
    finally:
        server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown; SIGTERM waits for idle connections
        server.wait(timeout=60)
        log.close()
        drop_database()


@pytest.fixture(scope="module")
def civic(live) -> Open311Client:
    endpoint = Endpoint(id="riverton", name="Riverton 311", base_url=live.root, write=True)
    # civicbot is polite to real cities (one call per host every half second); this is our own server.
    transport = HttpTransport(rate_limiter=RateLimiter(min_interval=0))
    return Open311Client(endpoint, transport=transport, jurisdiction_id=JURISDICTION)


def test_a_resident_app_lists_services_reads_a_definition_reports_and_reads_back(live, civic):
    reader = GeoReport(live.root, jurisdiction=JURISDICTION)
    services = reader.get_service_list()
    validate_schema("services.json", services)
    assert [s["service_code"] for s in services] == ["pothole", "gas-smell", "wrong-directory-entry"]
    definition = reader.get_service_definition("pothole")
    validate_schema("service-definition.json", definition)
    assert [(a["code"], a["required"]) for a in definition["attributes"]] == [("size", True), ("depth_cm", False)]

    # civicbot checks the form against the live definition before it sends anything.
    sent = civic.create_request(
        "pothole",
        dry_run=False,
        confirm="SEND",
        api_key=live.key,
        validate_remote=True,
        lat=INSIDE["lat"],
        lng=INSIDE["lng"],
        description="Pothole in the crosswalk on Main",
        attributes={"size": "large", "depth_cm": "9"},
        email="resident@example.org",
        first_name="Robin",
        device_id="live-device-1",
    )
    [created] = sent.response
    number = created["service_request_id"]
    assert number.isdigit() and len(number) == 10

    mine = reader.get_service_request(number)
    validate_schema("request.json", mine)
    check_datetimes(mine)
    assert (mine["service_code"], mine["status"], mine["description"]) == (
        "pothole",
        "open",
        "Pothole in the crosswalk on Main",
    )
    assert "Robin" not in str(mine) and "resident@example.org" not in str(mine)
    assert civic.get_request(number)["service_request_id"] == number

    # Lists with the spec's filters, as georeport sends them.
    assert number in [r["service_request_id"] for r in reader.get_service_requests(service_code="pothole")]
    assert number in [r["service_request_id"] for r in reader.get_service_requests(status="open")]
    assert reader.get_service_requests(status="closed") == []
    assert reader.get_service_requests(service_code="gas-smell") == []
    assert [r["service_request_id"] for r in reader.get_service_requests(service_request_id=number)] == [number]
    assert number in [r["service_request_id"] for r in civic.list_requests(service_code="pothole", page_size=10)]


def test_the_same_through_xml(live, civic):
    sent = civic.create_request(
        "pothole",
        dry_run=False,
        confirm="SEND",
        api_key=live.key,
        lat=38.051,
        lng=-97.931,
        attributes={"size": "small"},
    )
    number = sent.response[0]["service_request_id"]
    as_xml = GeoReport(live.root, jurisdiction=JURISDICTION, output_format="xml")
    assert [s["service_code"] for s in as_xml.get_service_list()] == ["pothole", "gas-smell", "wrong-directory-entry"]
    definition = as_xml.get_service_definition("pothole")
    assert [a["code"] for a in definition["attributes"]["attribute"]] == ["size", "depth_cm"]
    one = as_xml.get_service_request(number)
    assert (one["service_request_id"], one["status"]) == (number, "open")
    # Field by field, XML says what JSON says.
    for path in ["services", "services/pothole", f"requests/{number}", "requests", "discovery"]:
        as_json = requests.get(f"{live.root}/{path}.json", timeout=5)
        raw_xml = requests.get(f"{live.root}/{path}.xml", timeout=5)
        assert raw_xml.headers["Content-Type"] == "text/xml; charset=utf-8"
        assert as_json.headers["Content-Type"] == "application/json; charset=utf-8"
        root = {"services": "services", "services/pothole": "service_definition", "discovery": "discovery"}.get(
            path, "service_requests"
        )
        same_document(as_json.json(), raw_xml.content, root)


def test_refusals_reach_the_client_as_open311_errors(live, civic):
    with pytest.raises(HttpError) as refused:
        civic.create_request("pothole", dry_run=False, confirm="SEND", api_key=live.key, lat=38.05, lng=-97.93)
    assert refused.value.status == 400
    assert "attribute[size]" in refused.value.body
    with pytest.raises(HttpError) as wrong_key:
        civic.create_request(
            "pothole",
            dry_run=False,
            confirm="SEND",
            api_key="cl311_wrong",
            lat=38.05,
            lng=-97.93,
            attributes={"size": "small"},
        )
    assert wrong_key.value.status == 403
    with pytest.raises(requests.HTTPError):
        GeoReport(live.root, jurisdiction="elsewhere.gov").get_service_list()


def test_a_key_rate_limit_holds_across_server_processes(live):
    """Five a minute for the slow key, whichever of the two gunicorn workers answers."""
    left_in_minute = 60 - time.time() % 60
    if left_in_minute < 5:  # the limit counts per clock minute: start in a fresh one
        time.sleep(left_in_minute + 0.1)
    codes, retry_after = [], None
    for _ in range(8):
        # A new connection each time, so the workers share the calls.
        answer = requests.get(
            f"{live.root}/services.json",
            params={"api_key": live.slow_key},
            timeout=5,
            headers={"Connection": "close"},
        )
        codes.append(answer.status_code)
        retry_after = answer.headers.get("Retry-After") or retry_after
    assert codes == [200] * 5 + [429] * 3
    assert retry_after is not None and 1 <= int(retry_after) <= 60
