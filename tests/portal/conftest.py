"""Portal test helpers: a resident's browser (a real User-Agent, so visits count), a fresh cache."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130 Mobile Safari/537.36"


@pytest.fixture(autouse=True)
def _fresh_limits_and_indexes():
    """Rate-limit counters and search indexes from one test must not reach the next."""
    from cityline.core.addresses import forget_streets
    from cityline.core.search import forget_indexes

    cache.clear()
    forget_indexes()
    forget_streets()
    yield
    cache.clear()


@pytest.fixture
def resident(db) -> Client:
    return Client(HTTP_USER_AGENT=BROWSER)


@pytest.fixture
def spanish(db) -> Client:
    client = Client(HTTP_USER_AGENT=BROWSER)
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    return client
