"""Case numbers stay unique when many channels open cases at the same moment."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from cityline.cases import actions, numbers
from cityline.cases.models import Case

SOUTH = {"lat": 38.04, "lon": -97.93}


def open_from_threads(count: int, **extra) -> list[Exception]:
    errors: list[Exception] = []
    barrier = threading.Barrier(count)

    def worker(index: int) -> None:
        try:
            barrier.wait(timeout=20)
            actions.open_case(
                service_type="pothole",
                channel="open311",
                attributes={"size": "small"},
                description=f"report {index}",
                **SOUTH,
                **extra,
            )
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.mark.django_db(transaction=True)
def test_twenty_threads_open_twenty_cases_with_distinct_numbers(city):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race is a PostgreSQL question")
    assert open_from_threads(20) == []
    drawn = list(Case.objects.values_list("number", flat=True))
    assert len(drawn) == 20 and len(set(drawn)) == 20
    assert all(numbers.is_valid(n) for n in drawn)


@pytest.mark.django_db(transaction=True)
def test_the_same_idempotency_key_from_many_threads_gives_one_case(city):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race is a PostgreSQL question")
    assert open_from_threads(8, idempotency_key="device-7:retry") == []
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_a_number_clash_draws_again(city, monkeypatch):
    first = actions.open_case(service_type="pothole", channel="web", attributes={"size": "small"}, **SOUTH)
    fresh = numbers.new_number()
    draws = iter([first.number, first.number, fresh])
    monkeypatch.setattr(numbers, "new_number", lambda: next(draws))
    second = actions.open_case(service_type="pothole", channel="web", attributes={"size": "small"}, **SOUTH)
    assert second.number == fresh
