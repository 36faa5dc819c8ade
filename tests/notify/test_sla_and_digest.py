"""Staff hear of a case about to be late and of a late one, once each; each department gets a
morning digest at opening with what waits for it and what came in overnight."""

from __future__ import annotations

import pytest

from cityline.cases import actions
from cityline.cases.interactions import end_interaction, start_interaction
from cityline.cases.models import EventKind, InteractionOutcome
from cityline.notify.models import DigestRun
from cityline.oncall import handle_staff_sms
from tests.notify.world import local, run_worker_once

pytestmark = pytest.mark.django_db


def test_due_soon_then_breached_alerts_go_once_to_the_right_people(world, mail, clock):
    clock.move_to(local(2026, 11, 16, 9, 0))  # Monday, open
    case = world.report("water-main-break")  # 4 hours, around the clock: due 13:00
    actions.assign(case, assignee=world.pat, actor=world.sam)
    clock.move_to(local(2026, 11, 16, 11, 30))
    run_worker_once()

    def alerts(address: str) -> list:
        return [m for m in mail.to(address) if "digest" not in m["Subject"]]

    assert alerts("pat@riverton.example") == []
    clock.move_to(local(2026, 11, 16, 12, 1))  # an hour (a quarter of 4 hours) before it is due
    run_worker_once()
    [soon] = alerts("pat@riverton.example")
    assert soon["Subject"] == f"Due soon: case {case.display_number} (Water main break) is due Mon Nov 16, 1:00 PM"
    assert alerts("publicworks@riverton.example") == []  # assigned: the assignee hears first
    clock.move_to(local(2026, 11, 16, 13, 20))
    run_worker_once()
    run_worker_once()
    late = [m for m in mail.messages if m["Subject"].startswith("Late:")]
    assert sorted(m["To"] for m in late) == [
        "pat@riverton.example",
        "publicworks@riverton.example",
        "sam@riverton.example",
    ]
    assert "is past its due time by 20 minutes" in mail.text(late[0])
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds.count(EventKind.SLA_DUE_SOON) == 1 and kinds.count(EventKind.SLA_BREACHED) == 1
    # Reopened with a new due time, a new breach is a new alert.
    actions.close(case, reason="resolved", note="Valve closed.", actor=world.pat)
    actions.reopen(case, reason="Leaking again", actor=world.sam)
    clock.move_to(local(2026, 11, 16, 17, 30))
    run_worker_once()
    assert len([m for m in mail.messages if m["Subject"].startswith("Late:")]) == 6


def test_the_monday_digest_tells_what_came_in_over_the_weekend(world, mail, provider, clock):
    clock.move_to(local(2026, 11, 9, 9, 0))  # three business days: late since Thursday
    late = world.report("pothole", lat=38.03, lon=-97.95, address="")
    clock.move_to(local(2026, 11, 11, 10, 0))  # due Monday at 10:00
    due_monday = world.report("pothole", lat=38.035, lon=-97.95, address="500 W 4th Ave")
    clock.move_to(local(2026, 11, 14, 23, 10))  # Saturday night: a water main break, accepted by Pat
    night = world.report("water-main-break")
    handle_staff_sms(world.phone(world.pat), "1")
    interaction = start_interaction(channel="ivr", language="en")
    end_interaction(
        interaction, InteractionOutcome.VOICEMAIL, department=world.public_works, summary="Streetlight out on Elm."
    )
    clock.move_to(local(2026, 11, 16, 7, 59))
    run_worker_once()
    assert not DigestRun.objects.exists()
    clock.move_to(local(2026, 11, 16, 8, 0, 20))
    run_worker_once()

    def digests(address: str) -> list:
        return [m for m in mail.to(address) if "digest" in m["Subject"] or "resumen" in m["Subject"]]

    [digest] = digests("publicworks@riverton.example")
    assert digest["Subject"] == "Public Works: morning digest for Monday, November 16"
    text = mail.text(digest)
    assert f"Due today (1):\n- {due_monday.display_number} Pothole, 500 W 4th Ave (due 10:00 AM)" in text
    assert (
        f"Late (2):\n- {late.display_number} Pothole (was due Thu Nov 12, 9:00 AM)\n- {night.display_number} Water"
        in text
    )
    assert (
        f"- {night.display_number} Water main break, 200 S Main St (Sat Nov 14, 11:10 PM; on call paged, accepted by Pat Doe)"
        in text
    )
    assert "Voicemails since closing (1):" in text and "Streetlight out on Elm." in text
    assert "On call tonight: Lee Ray (Water and streets on call)" in text
    [spanish] = digests("lee@riverton.example")
    assert spanish["Subject"].strip() == "Obras Públicas: resumen de la mañana del lunes 16 de noviembre"
    assert len(digests("pat@riverton.example")) == 1
    run_worker_once()
    assert len(digests("publicworks@riverton.example")) == 1  # once a day
