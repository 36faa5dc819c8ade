"""Fixtures that build a realistic world once per test: a city loaded from a pack."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cityline.core.models import forget_current_jurisdiction

TESTS_DIR = Path(__file__).resolve().parent
MINIMAL_PACK = TESTS_DIR / "packs" / "minimal"


@pytest.fixture(autouse=True)
def _fresh_city_cache():
    """Each test reads the city from its own database state."""
    forget_current_jurisdiction()
    yield
    forget_current_jurisdiction()


@pytest.fixture
def city(db):
    """A small fictional city (tests/packs/minimal): two departments, three service types."""
    from cityline.core.models import current_jurisdiction
    from cityline.packs.loader import load_pack

    load_pack(MINIMAL_PACK)
    return current_jurisdiction()


@pytest.fixture
def hutchinson(db):
    """The Hutchinson demo pack, as `make run` loads it."""
    from cityline.core.models import current_jurisdiction
    from cityline.packs.loader import load_pack

    load_pack("hutchinson-ks")
    return current_jurisdiction()


@pytest.fixture
def pack_copy(tmp_path):
    """A writable copy of the minimal pack, for tests that break it on purpose."""
    target = tmp_path / "pack"
    shutil.copytree(MINIMAL_PACK, target)
    return target
