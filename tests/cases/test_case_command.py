"""The `cityline case` command: operators and scripts open and work cases from a shell."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cityline.cases.models import Case

pytestmark = pytest.mark.django_db


def cityline(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_open_show_work_and_close_a_case(city):
    opened = cityline(
        "case",
        "open",
        "--type",
        "pothole",
        "--lat",
        "38.04",
        "--lon",
        "-97.93",
        "--attribute",
        "size=large",
        "--description",
        "Hole at the bus stop",
    )
    number = re.search(r"Opened case ([\d ]+) \(Pothole\) for Public Works, due", opened).group(1)
    assert "acknowledged" in cityline("case", "status", number, "acknowledged")
    cityline("case", "note", number, "Crew booked", "--public")
    assert "closed (on time)" in cityline("case", "close", number, "--reason", "resolved", "--note", "Filled")
    shown = cityline("case", "show", number)
    assert "Hole at the bus stop" in shown and "Crew booked" in shown and "Closed" in shown
    assert '"status": "closed"' in cityline("case", "show", number, "--json")


def test_mistakes_are_explained(city):
    with pytest.raises(CommandError, match="not valid: please check the digits"):
        cityline("case", "show", "1234 5678 90")
    with pytest.raises(CommandError, match=r"attribute\[size\]: How big is it\?: an answer is required"):
        cityline("case", "open", "--type", "pothole", "--lat", "38.04", "--lon", "-97.93")
    with pytest.raises(CommandError, match="write it as CODE=VALUE"):
        cityline("case", "open", "--type", "pothole", "--attribute", "large")
    assert not Case.objects.exists()


def test_generate_cases_writes_plausible_history(city):
    out = cityline("generate_cases", "300", "--seed", "7", "--months", "3")
    assert re.search(r"300 cases \(\d+ closed, \d+% of them on time\)", out)
    closed = Case.objects.filter(status="closed")
    assert closed.count() > 150
    share_on_time = closed.filter(closed_on_time=True).count() / closed.count()
    assert 0.6 < share_on_time < 0.95
    assert all(c.closed_at >= c.created_at for c in closed)
    assert Case.objects.filter(language="es").exists()
