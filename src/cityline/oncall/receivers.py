"""Paging starts inside the transaction that opens an urgent case after hours.

``cases.actions.case_changed`` is sent inside every change's transaction, so the escalation, its
first pages and their outbox messages are written atomically with the case: if the case is saved,
somebody will be paged; if it is not, nobody is.
"""

from __future__ import annotations

from django.dispatch import receiver

from cityline.cases.actions import case_changed
from cityline.cases.models import EventKind

from . import paging

# A person working the case stops the paging: they have seen it.
WORKED = {EventKind.ACKNOWLEDGED, EventKind.STATUS_CHANGED, EventKind.CLOSED, EventKind.DUPLICATE, EventKind.ON_HOLD}


@receiver(case_changed, dispatch_uid="cityline.oncall.page_after_hours")
def page_after_hours(sender, case, event, **kwargs) -> None:
    if event.kind == EventKind.OPENED:
        if event.data.get("after_hours") and paging.should_page(case, event.at):
            paging.start_escalation(case, at=event.at)
    elif event.kind == EventKind.SERVICE_TYPE_CHANGED:
        # A call-taker corrected the type to an urgent one at night: page now.
        if paging.should_page(case, event.at):
            paging.start_escalation(case, at=event.at)
    elif event.kind in WORKED and (event.actor_id or event.kind in {EventKind.CLOSED, EventKind.DUPLICATE}):
        paging.stop_for_worked_case(case, event, at=event.at)
