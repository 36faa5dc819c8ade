"""Loading a city pack: check every file, then write it in one transaction (or, with ``check``,
roll back and only report what would change)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from cityline.core.models import forget_current_jurisdiction

from .checks import PACKS_DIR, PackContents, PackInvalid, available_packs, read_pack, resolve_pack
from .writer import ChangeLog, apply_pack

__all__ = [
    "PACKS_DIR",
    "LoadResult",
    "PackInvalid",
    "apply_pack",
    "available_packs",
    "load_pack",
    "read_pack",
    "resolve_pack",
]


@dataclass
class LoadResult:
    pack: PackContents
    log: ChangeLog
    written: bool


class _RollBack(Exception):
    pass


def load_pack(name_or_path: str | Path, check: bool = False) -> LoadResult:
    """Check a pack and load it in one transaction; with ``check``, roll back and only report."""
    pack = read_pack(name_or_path)
    log = ChangeLog()
    try:
        with transaction.atomic():
            log = apply_pack(pack)
            if check:
                raise _RollBack
    except _RollBack:
        forget_current_jurisdiction()
        return LoadResult(pack, log, written=False)
    return LoadResult(pack, log, written=True)
