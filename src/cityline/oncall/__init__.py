"""On-call rotations, escalation policies and paging.

The functions other apps call (the console, the SMS channel) are importable from here; they load
the models only when called, so importing this package is safe before Django is set up.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cityline.directory.models import Department

    from .models import OnCallShift


def who_is_on_call(department: Department | str, at: datetime | None = None) -> list[OnCallShift]:
    """Who is on call in each of a department's rotations at ``at`` (default now); see rotations.py."""
    from .rotations import who_is_on_call as _who_is_on_call

    return _who_is_on_call(department, at)


def handle_staff_sms(from_number: str, body: str) -> str | None:
    """A paged person's text reply ("1" accepts, "2" passes): the reply text, or None if the sender
    has not been paged in the last day (then it is a resident's message)."""
    from .replies import handle_staff_sms as _handle_staff_sms

    return _handle_staff_sms(from_number, body)


__all__ = ["handle_staff_sms", "who_is_on_call"]
