"""Escalation policies: level after level until somebody accepts; a gap is never silent; working the
case stops paging; holidays and daylight-saving nights page on the same rules."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cityline.cases import actions
from cityline.cases.models import EventKind, OutboxMessage
from cityline.notify import opt_out
from cityline.oncall.models import (
    Escalation,
    EscalationLevel,
    EscalationPolicy,
    EscalationState,
    Page,
    PageStatus,
    RotationMember,
)
from tests.notify.world import _staff, local, run_worker_once

pytestmark = pytest.mark.django_db


def paged(case) -> list[tuple[int, str]]:
    return [(p.level, p.user.username) for p in Page.objects.filter(escalation__case=case).order_by("paged_at", "pk")]


def notes(case, kind=EventKind.ESCALATED) -> list[str]:
    return list(case.events.filter(kind=kind).order_by("at", "pk").values_list("note", flat=True))


@pytest.fixture
def full_policy(world):
    from cityline.directory.models import Role

    head = _staff("hal", "Hal", "Head", Role.SUPERVISOR, "+16205550155", None)
    policy = EscalationPolicy.objects.create(department=world.public_works, repeat=1)
    EscalationLevel.objects.create(policy=policy, position=1, label="On call", rotation=world.rotation, wait_minutes=15)
    EscalationLevel.objects.create(
        policy=policy, position=2, label="Backup", rotation=world.rotation, rotation_offset=1, wait_minutes=10
    )
    EscalationLevel.objects.create(policy=policy, position=3, label="Supervisor", user=world.sam, wait_minutes=10)
    EscalationLevel.objects.create(policy=policy, position=4, label="Department head", user=head, wait_minutes=10)
    return policy


def test_levels_in_turn_then_once_more_then_everyone_is_told(world, full_policy, provider, mail, clock):
    clock.move_to(local(2026, 11, 14, 1, 0))  # Saturday night
    case = world.report("water-main-break")
    assert paged(case) == [(1, "pat")]
    for minute, expected in ((15, [(2, "lee")]), (25, [(3, "sam")]), (35, [(4, "hal")])):
        clock.move_to(local(2026, 11, 14, 1, minute, 1))
        run_worker_once()
        assert paged(case)[-1:] == expected
    # Nobody at any level: every level once more, from the top.
    clock.move_to(local(2026, 11, 14, 1, 45, 1))
    run_worker_once()
    assert paged(case)[-1] == (1, "pat")
    assert "Nobody accepted at any level: paging every level again (pass 2)." in notes(case)
    for minute in (60, 70, 80, 90):
        clock.move_to(local(2026, 11, 14, 2, 0) + timedelta(minutes=minute - 60, seconds=1))
        run_worker_once()
    escalation = Escalation.objects.get(case=case)
    assert escalation.state == EscalationState.EXHAUSTED
    assert len(paged(case)) == 8
    assert notes(case)[-1].startswith("Nobody accepted the page at any level.")
    alerts = OutboxMessage.objects.filter(kind="oncall_gap")
    assert {(m.channel, m.recipient) for m in alerts} >= {
        ("sms", "+16205550153"),
        ("email", "sam@riverton.example"),
        ("email", "publicworks@riverton.example"),
    }
    assert [m for m in mail.to("publicworks@riverton.example") if "ON-CALL ALERT" in m["Subject"]]
    # A late acceptance is still taken: better late than nobody.
    from cityline.oncall import handle_staff_sms

    assert handle_staff_sms(world.phone(world.lee), "1").startswith("Aceptado: el caso")  # Lee reads Spanish
    assert Escalation.objects.get(case=case).state == EscalationState.ACKNOWLEDGED


def test_an_empty_rotation_alerts_the_supervisor_and_pages_the_next_level_at_once(world, provider, clock):
    RotationMember.objects.all().delete()
    clock.move_to(local(2026, 11, 13, 19, 0))
    case = world.report("water-main-break")
    assert paged(case) == [(2, "sam")]
    [gap] = notes(case)
    assert gap.startswith("Level 1 (On call (Water and streets on call)) could not be paged: nobody is on call")
    run_worker_once()
    alert = [t for t in provider.texts_to("+16205550153") if "ON-CALL ALERT" in t.body]
    assert alert and "nobody is on call" in alert[0].body


def test_a_supervisor_who_reads_spanish_gets_the_gap_alert_in_spanish(world, provider, mail, clock):
    RotationMember.objects.all().delete()
    world.sam.staff.language = "es"
    world.sam.staff.save()
    clock.move_to(local(2026, 11, 13, 19, 0))
    case = world.report("water-main-break")
    run_worker_once()
    [alert] = [t for t in provider.texts_to("+16205550153") if "ALERTA DE GUARDIA" in t.body]
    assert (
        "No se pudo llamar al nivel 1 (De guardia (Water and streets on call)): "
        'no hay nadie de guardia en "Water and streets on call".' in " ".join(alert.body.split())  # GSM-7 quotes
    )
    [email] = [m for m in mail.to("sam@riverton.example") if "ALERTA DE GUARDIA" in m["Subject"]]
    assert "No se pudo llamar al nivel 1" in mail.text(email)
    # The department's mailbox reads the city's first language, and the case history stays English.
    [department] = [m for m in mail.to("publicworks@riverton.example") if "ON-CALL ALERT" in m["Subject"]]
    assert "Level 1 (On call (Water and streets on call)) could not be paged" in mail.text(department)
    assert notes(case)[0].startswith("Level 1 (On call (Water and streets on call)) could not be paged")


def test_with_nobody_to_page_at_all_the_department_and_administrators_hear_of_it(world, provider, mail, clock):
    from django.contrib.auth import get_user_model

    RotationMember.objects.all().delete()
    world.sam.staff.delete()
    get_user_model().objects.create_superuser("root", "it@riverton.example", None)
    clock.move_to(local(2026, 11, 13, 19, 0))
    case = world.report("water-main-break")
    assert paged(case) == []
    assert Escalation.objects.get(case=case).state == EscalationState.EXHAUSTED
    assert notes(case)[-1].startswith("Nobody could be paged")
    run_worker_once()
    assert mail.to("publicworks@riverton.example")
    world.public_works.email = ""
    world.public_works.save()
    other = world.report("water-main-break", lat=38.03, lon=-97.95, address="")
    run_worker_once()
    assert [m for m in mail.to("it@riverton.example") if other.display_number in m["Subject"]]


def test_acknowledging_in_the_console_stops_paging_and_tells_those_paged(world, provider, clock):
    clock.move_to(local(2026, 11, 13, 18, 0))
    case = world.report("water-main-break")
    clock.shift(300)
    actions.acknowledge(case, actor=world.lee)
    escalation = Escalation.objects.get(case=case)
    assert escalation.state == EscalationState.STOPPED
    assert notes(case)[-1] == "Paging stopped: Lee Ray is working the case."
    assert Page.objects.get(escalation=escalation).status == PageStatus.SUPERSEDED
    clock.shift(3600)
    run_worker_once()
    assert paged(case) == [(1, "pat")]
    # The page itself was never delivered (answered first): only the "taken" text goes out.
    assert [t.body.split(":")[0] for t in provider.texts_to(world.phone(world.pat))] == ["Riverton 311"]


def test_thanksgiving_morning_is_after_hours_for_urgent_and_routine_problems(world, provider, clock):
    from cityline.cases.models import Case

    clock.move_to(local(2026, 11, 26, 10, 0))  # Thanksgiving Day, a Thursday
    urgent = world.report("water-main-break")
    routine = world.report("pothole")
    assert urgent.received_after_hours and paged(urgent) == [(1, "pat")]
    assert routine.received_after_hours and not Escalation.objects.filter(case=routine).exists()
    # The day after Thanksgiving is a city closure: the clock starts Monday at opening.
    assert Case.objects.get(pk=routine.pk).sla_due_at == world.public_works.calendar.add_business_days(
        local(2026, 11, 30, 8, 0), 3
    )


def test_fifteen_minutes_is_fifteen_real_minutes_on_the_night_the_clocks_go_back(world, provider, clock):
    clock.move_to(local(2026, 11, 1, 1, 50))  # 01:50 CDT, ten minutes before the clocks go back
    case = world.report("water-main-break")
    clock.move_to(local(2026, 11, 1, 1, 4, 59, fold=1))  # 01:04:59 CST: 14 min 59 s later
    run_worker_once()
    assert len(paged(case)) == 1
    clock.move_to(local(2026, 11, 1, 1, 5, 1, fold=1))
    run_worker_once()
    assert len(paged(case)) == 2


def test_an_unreachable_person_is_skipped_without_waiting(world, provider, clock):
    provider.refuse["+16205550151"] = (400, 21211, "The 'To' number is not a valid phone number.")
    clock.move_to(local(2026, 11, 13, 21, 0))
    case = world.report("water-main-break")
    run_worker_once()
    assert paged(case) == [(1, "pat"), (2, "sam")]
    failures = [n for n in notes(case) if "could not be delivered" in n]
    assert len(failures) == 2 and "21211" in failures[0]
    assert "Pat Doe cannot be reached by text or phone: paging the next level now." in notes(case)


def test_a_stop_number_gets_the_call_but_not_the_text(world, provider, clock):
    opt_out("+16205550151")
    clock.move_to(local(2026, 11, 13, 21, 0))
    case = world.report("water-main-break")
    run_worker_once()
    assert provider.texts_to("+16205550151") == [] and len(provider.calls_to("+16205550151")) == 1
    assert any("replied STOP" in n for n in notes(case))
    assert paged(case) == [(1, "pat")]


def test_an_urgent_case_still_new_at_closing_is_paged(world, provider, clock):
    clock.move_to(local(2026, 11, 13, 16, 50))
    case = world.report("water-main-break")
    assert not Escalation.objects.filter(case=case).exists()
    clock.move_to(local(2026, 11, 13, 17, 0, 30))
    run_worker_once()
    assert paged(case) == [(1, "pat")]
    assert "Still not acknowledged when the Public Works closed: paging on call." in notes(case)
