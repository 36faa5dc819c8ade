"""Background work, as Django tasks: the worker (``cityline worker``) enqueues these on a schedule
and runs them. Each is a sweep that can run twice at once harmlessly (rows are claimed or made
unique), so a task lost with a killed worker is simply done by the next one."""

from __future__ import annotations

from django_tasks import task

from . import delivery, digests, sla


@task()
def deliver_outbox() -> dict[str, int]:
    report = delivery.deliver_due()
    return {
        "sent": report.sent,
        "retried": report.retried,
        "failed": report.failed,
        "cancelled": report.cancelled,
        "held": report.held,
    }


@task()
def scan_sla() -> dict[str, int]:
    return sla.scan()


@task()
def send_digests() -> int:
    return digests.send_due_digests()


@task()
def advance_escalations() -> int:
    from cityline.oncall.paging import advance_escalations as advance

    return advance()
