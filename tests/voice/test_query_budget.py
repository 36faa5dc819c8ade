"""How many SQL statements each of the phone line's main webhooks runs, at most.

Every step of a call is a webhook answered while the caller waits, and the phone line's time under
load is mostly its statements and their round trips (see docs/benchmarks.md, "The phone line").
These budgets pin what the line needs now, so a change that adds a query to every step is seen
here rather than in a slower line. Savepoints and their releases count as statements: each is a
round trip to the database. The counts are a warm process's, as the benchmark measures it: one call
has gone through first (the first request of a process reads the city, triage's model, the
catalog and the directory).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cityline.cases.models import Case
from cityline.voice.simulator import PhoneCall
from tests.webhooks import SITE, TOKEN, ClientTransport

pytestmark = pytest.mark.django_db

CALLER = "+16205550199"

# The webhook (by its path's last part) → the most statements it may run.
BUDGET = {
    "incoming": 8,  # the caller's last language, the interaction and the call's row
    "greeting": 4,  # the call's row, locked, and written back
    "menu (keyed)": 4,
    "menu (spoken report)": 5,  # + triage's check for a newer trained model
    "report_type": 4,  # the type and its questions come from the process's catalog
    "report_attribute": 4,
    "report_location": 5,  # + the address points
    "report_location_confirm (case opened)": 14,  # open_case's own statements, and the interaction
    "case_number": 4,
    "menu (keyed, to status)": 5,  # + the caller's open cases
    "status (a case number)": 7,  # + the case, its public notes and pictures
    "status callback": 9,  # the call's row, the interaction ended (with its service type), the row deleted
}


class CountingTransport(ClientTransport):
    """The test client's transport, counting each webhook's statements."""

    def __init__(self, client):
        super().__init__(client)
        self.counts: list[tuple[str, int]] = []

    def post(self, url, data, headers, timeout):
        with CaptureQueriesContext(connection) as captured:
            response = super().post(url, data, headers, timeout)
        self.counts.append((urlsplit(url).path.rsplit("/", 1)[-1], len(captured.captured_queries)))
        return response

    def last(self, webhook: str = "") -> int:
        """The statements of the last request (or of the last one to ``webhook``, e.g. "status")."""
        return next(count for name, count in reversed(self.counts) if name == webhook or not webhook)


@pytest.fixture
def counted(signed, client):
    transport = CountingTransport(client)
    return transport, PhoneCall(SITE, caller=CALLER, token=TOKEN, http=transport)


def report_a_pothole(call: PhoneCall) -> None:
    call.dial()
    call.silence()
    call.say("there is a big pothole in front of my house")
    call.press("1")
    call.press("2")
    call.say("200 South Main Street")
    call.press("1")
    call.hang_up()


def within(found: dict[str, int]) -> dict[str, tuple[int, int]]:
    """The webhooks over their budget: {name: (statements, budget)}."""
    return {name: (count, BUDGET[name]) for name, count in found.items() if count > BUDGET[name]}


def test_a_report_by_phone_stays_within_its_statement_budget(city, counted, phone):
    report_a_pothole(phone(caller="+16205550111"))
    transport, call = counted
    found = {}
    call.dial()
    found["incoming"] = transport.last()
    call.silence()
    found["greeting"] = transport.last()
    heard = call.say("there is a big pothole in front of my house")
    assert heard.text.startswith("It sounds like: Pothole.")
    found["menu (spoken report)"] = transport.last()
    call.press("1")
    found["report_type"] = transport.last()
    call.press("2")
    found["report_attribute"] = transport.last()
    call.say("200 South Main Street")
    found["report_location"] = transport.last()
    heard = call.press("1")
    assert "Your case number is" in heard.text and Case.objects.count() == 2
    found["report_location_confirm (case opened)"] = transport.last()
    heard = call.silence()
    assert heard.ended  # the caller is done: the goodbye, and the provider reports the call's end
    found["case_number"] = transport.last("case_number")
    found["status callback"] = transport.last("status")

    assert within(found) == {}, found


def test_a_status_check_by_phone_stays_within_its_statement_budget(city, counted, phone):
    report_a_pothole(phone(caller="+16205550111"))
    number = Case.objects.get().number

    transport, call = counted
    found = {}
    call.dial()
    call.silence()
    call.press("2")
    found["menu (keyed, to status)"] = transport.last()
    heard = call.press(f"{number}#")
    assert "Status:" in heard.text
    found["status (a case number)"] = transport.last()
    call.hang_up()
    found["status callback"] = transport.last("status")

    call = PhoneCall(SITE, caller=CALLER, token=TOKEN, http=transport)
    call.dial()
    call.silence()
    call.press("4")
    found["menu (keyed)"] = transport.last()

    assert within(found) == {}, found
