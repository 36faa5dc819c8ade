"""The API's round trips to the database stay few and fixed: a POST, a read by id and a list each
make the same small number of queries, however many cases the city has. (Speed itself is measured
in bench/open311.py, not here.)"""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection

from .conftest import SOUTH, TUESDAY_MORNING, report

pytestmark = pytest.mark.django_db

# In a test every transaction is a savepoint inside the test's own, and savepoints count as queries:
# the rate counter's (2) and the case's (2) are among these. On PostgreSQL the counter's "no need
# to wait for the disk" is one more here; outside a test it travels with the counter itself
# (ratelimit.py).
POST_QUERIES = {"sqlite": 11, "postgresql": 12}
# The case with its type, department, parent and whether it has public photos; then its public
# history (and its photos, when it has some).
FIRST_READ_QUERIES = 2
# A case that has not changed since the process last answered for it: the case row alone.
REPEAT_READ_QUERIES = 1
# Which cases (ids only); then the cases the process has no document for, with their types,
# departments, history and photos.
FIRST_LIST_QUERIES = 6
REPEAT_LIST_QUERIES = 1


@time_machine.travel(TUESDAY_MORNING, tick=False)  # one rate-limit minute: its first call does more
def test_a_post_makes_a_fixed_number_of_queries(api, city, api_key, django_assert_max_num_queries):
    api.post("requests.json", {"api_key": api_key, "service_code": "pothole", **SOUTH, "attribute[size]": "large"})
    with django_assert_max_num_queries(POST_QUERIES[connection.vendor]):
        response = api.post(
            "requests.json",
            {
                "api_key": api_key,
                "service_code": "pothole",
                **SOUTH,
                "attribute[size]": "small",
                "description": "Another one by the school",
                "device_id": "phone-42",
            },
        )
    assert response.status_code == 201


def test_a_read_by_id_makes_two_queries_then_one_while_the_case_is_unchanged(api, city, django_assert_num_queries):
    case = report()
    with django_assert_num_queries(FIRST_READ_QUERIES):
        first = api.client.get(f"/open311/v2/requests/{case.number}.json")
    with django_assert_num_queries(REPEAT_READ_QUERIES):
        again = api.client.get(f"/open311/v2/requests/{case.number}.json")
    assert first.content == again.content
    assert first.json()[0]["service_request_id"] == case.number


def test_a_changed_case_is_read_afresh(api, city):
    from cityline.cases import actions

    case = report()
    [before] = api.json(f"requests/{case.number}.json")
    actions.close(case, reason="resolved", note="Filled on Tuesday")
    [after] = api.json(f"requests/{case.number}.json")
    assert before["status"] == "open" and "status_notes" not in before
    assert after["status"] == "closed" and after["status_notes"] == "Filled on Tuesday"


def test_a_list_makes_the_same_queries_for_few_or_many_cases(api, city, django_assert_num_queries):
    for _ in range(3):
        report()
    with django_assert_num_queries(FIRST_LIST_QUERIES):
        few = api.client.get("/open311/v2/requests.json")
    for _ in range(12):
        report()
    with django_assert_num_queries(FIRST_LIST_QUERIES):
        many = api.client.get("/open311/v2/requests.json")
    with django_assert_num_queries(REPEAT_LIST_QUERIES):
        again = api.client.get("/open311/v2/requests.json")
    assert len(few.json()) == 3 and len(many.json()) == 15
    assert again.content == many.content
