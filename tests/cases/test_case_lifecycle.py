"""Working a case: statuses, the SLA clock (holidays, DST, pauses), merge, reopen and followers."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cityline.cases import actions
from cityline.cases.actions import CaseError, InvalidTransition, RequesterInfo
from cityline.cases.models import Case, OutboxMessage
from cityline.catalog.models import ServiceType

pytestmark = pytest.mark.django_db

CENTRAL = ZoneInfo("America/Chicago")
SOUTH = {"lat": 38.04, "lon": -97.93}


def at(*args) -> datetime:
    return datetime(*args, tzinfo=CENTRAL)


def new_pothole(**extra) -> Case:
    return actions.open_case(service_type="pothole", channel="phone", attributes={"size": "small"}, **SOUTH, **extra)


def kinds(case: Case) -> list[str]:
    return [event.kind for event in case.events.all()]


def test_a_case_is_worked_from_new_to_closed_with_history_and_names(city, django_user_model):
    worker = django_user_model.objects.create_user("dana", first_name="Dana", last_name="Reyes")
    case = new_pothole()
    case = actions.acknowledge(case, actor=worker)
    case = actions.assign(case, assignee=worker, actor=worker)
    case = actions.change_status(case, "scheduled", actor=worker, note="Crew on Tuesday")
    case = actions.change_status(case, "in_progress", actor=worker)
    case = actions.close(case, reason="resolved", note="Patched.", actor=worker)
    assert kinds(case) == ["opened", "acknowledged", "assigned", "status_changed", "status_changed", "closed"]
    assert {event.who for event in case.events.exclude(kind="opened")} == {"Dana Reyes"}
    assert case.open311_status == "closed" and case.closing_reason == "resolved"
    assert case.acknowledged_at is not None
    assert case.public().status_notes == "Patched."


@pytest.mark.parametrize(
    "setup, change, message",
    [
        ("closed", lambda c: actions.change_status(c, "in_progress"), "is closed; reopen it first"),
        ("closed", lambda c: actions.close(c, reason="resolved"), "is closed; reopen it first"),
        ("closed", lambda c: actions.hold(c, reason="x"), "is closed; reopen it first"),
        ("closed", lambda c: actions.assign(c, assignee=None, department=c.department), "is closed"),
        ("on_hold", lambda c: actions.change_status(c, "in_progress"), "is on hold; resume it first"),
        ("on_hold", lambda c: actions.hold(c, reason="again"), "is on hold; resume it first"),
        ("new", lambda c: actions.resume(c), "is not on hold"),
        ("new", lambda c: actions.reopen(c, reason="x"), "is already open"),
        ("new", lambda c: actions.change_status(c, "on_hold"), r"use hold\(\)"),
        ("new", lambda c: actions.change_status(c, "closed"), r"use close\(\) with a closing reason"),
        ("in_progress", lambda c: actions.change_status(c, "acknowledged"), "in progress cannot be made acknowledged"),
        ("in_progress", lambda c: actions.change_status(c, "new"), "in progress cannot be made new"),
    ],
)
def test_every_invalid_transition_is_refused_with_a_reason(city, setup, change, message):
    case = new_pothole()
    if setup == "closed":
        case = actions.close(case, reason="resolved")
    elif setup == "on_hold":
        case = actions.hold(case, reason="Waiting for the gas company")
    elif setup == "in_progress":
        case = actions.change_status(case, "in_progress")
    with pytest.raises(InvalidTransition, match=message):
        change(case)


def test_bad_arguments_are_refused(city):
    case = new_pothole()
    with pytest.raises(CaseError, match="choose a closing reason"):
        actions.close(case, reason="bored")
    with pytest.raises(CaseError, match="use merge"):
        actions.close(case, reason="duplicate")
    with pytest.raises(CaseError, match="unknown status"):
        actions.change_status(case, "lost")
    with pytest.raises(CaseError, match="say why"):
        actions.hold(case, reason="  ")
    with pytest.raises(CaseError, match="write the note first"):
        actions.add_note(case, "", public=True)


def test_sla_across_dst_a_pause_and_thanksgiving(city):
    # Friday 30 October 14:00 CDT, 3 business days in Public Works' hours (Mon–Fri 07:00–15:30):
    # due Wednesday 4 November 14:00 — after the clocks went back on 1 November.
    case = new_pothole(at=at(2026, 10, 30, 14, 0))
    assert case.sla_due_at.astimezone(CENTRAL) == at(2026, 11, 4, 14, 0)
    # On hold Monday 2 November 10:00 CST: 21 business hours were left
    # (Mon 10:00–15:30 = 5.5, Tue 8.5, Wed 07:00–14:00 = 7).
    case = actions.hold(case, reason="Waiting for the water utility", at=at(2026, 11, 2, 10, 0))
    assert case.sla_remaining_seconds == 21 * 3600
    assert case.is_breached(at(2026, 11, 20, 12, 0)) is False  # a paused clock is never late
    # Resumed Wednesday 25 November 09:00: 6.5 h that day, Thanksgiving and the city's closure
    # the day after, the weekend, 8.5 h on Monday 30, then 6 h on Tuesday 1 December → 13:00.
    case = actions.resume(case, at=at(2026, 11, 25, 9, 0))
    assert case.sla_due_at.astimezone(CENTRAL) == at(2026, 12, 1, 13, 0)
    case = actions.close(case, reason="resolved", at=at(2026, 12, 1, 12, 0))
    assert case.closed_on_time is True
    assert case.sla_state() == "closed_on_time"


def test_closed_late_is_recorded_as_breached(city):
    case = new_pothole(at=at(2026, 12, 1, 9, 0))
    case = actions.close(case, reason="resolved", at=case.sla_due_at + timedelta(minutes=1))
    assert case.closed_on_time is False
    assert case.is_breached()


def test_sla_states_as_the_queue_shows_them(city):
    case = new_pothole(at=at(2026, 12, 1, 9, 0))  # due Friday 4 December 09:00
    assert case.sla_state(at(2026, 12, 1, 10, 0)) == "on_time"
    assert case.sla_state(at(2026, 12, 3, 12, 0)) == "due_soon"
    assert case.sla_state(at(2026, 12, 4, 9, 1)) == "breached"


def test_changing_the_service_type_reroutes_and_recomputes_the_due_time(city):
    case = new_pothole(at=at(2026, 12, 1, 9, 0))
    gas = ServiceType.objects.get(code="gas-smell")
    case = actions.change_service_type(case, gas, actor="Agent")
    assert case.service_type == gas
    assert case.sla_due_at.astimezone(CENTRAL) == at(2026, 12, 1, 13, 0)  # "4 hours", around the clock
    assert case.priority == "urgent"
    assert case.events.order_by("pk").last().data == {
        "from": "pothole",
        "to": "gas-smell",
        "due": case.sla_due_at.isoformat(),
    }


def test_merge_closes_the_child_as_duplicate_and_moves_followers(city):
    parent = new_pothole()
    child = new_pothole(requester=RequesterInfo(email="neighbour@example.org"))
    actions.follow(child, channel="sms", address="(620) 555-0190", confirmed=True)
    actions.merge(child, parent, actor="Agent")
    child.refresh_from_db()
    assert (child.status, child.closing_reason, child.parent_id) == ("closed", "duplicate", parent.pk)
    assert sorted(parent.subscriptions.values_list("address", flat=True)) == ["+16205550190", "neighbour@example.org"]
    assert kinds(child)[-1] == "duplicate" and kinds(parent)[-1] == "merged"
    assert child.display_number in parent.events.last().note
    assert parent.display_number in child.events.last().note
    # The followers now hear about the parent.
    actions.close(parent, reason="resolved", note="Filled.")
    assert set(OutboxMessage.objects.filter(kind="case_closed", case=parent).values_list("recipient", flat=True)) == {
        "+16205550190",
        "neighbour@example.org",
    }


def test_merge_refusals(city):
    a, b = new_pothole(), new_pothole()
    with pytest.raises(CaseError, match="duplicate of itself"):
        actions.merge(a, a)
    actions.merge(a, b)
    with pytest.raises(InvalidTransition, match="only an open case can be merged"):
        actions.merge(a, b)
    c = new_pothole()
    actions.close(b, reason="resolved")
    with pytest.raises(InvalidTransition, match="merge into an open case"):
        actions.merge(c, b)
    with pytest.raises(InvalidTransition, match="was merged into"):
        actions.reopen(a, reason="still there")


def test_reopen_within_the_window_restarts_the_clock(city):
    case = new_pothole(at=at(2026, 11, 2, 9, 0))
    case = actions.close(case, reason="resolved", at=at(2026, 11, 3, 9, 0))
    case = actions.reopen(case, reason="The patch washed out", at=at(2026, 11, 20, 9, 0))
    assert (case.status, case.reopened_count, case.closed_at, case.closed_on_time) == ("new", 1, None, None)
    assert case.sla_due_at.astimezone(CENTRAL) == at(2026, 11, 25, 9, 0)


def test_reopen_after_the_window_asks_for_a_new_case(city):
    case = new_pothole(at=at(2026, 9, 1, 9, 0))
    case = actions.close(case, reason="resolved", at=at(2026, 9, 2, 9, 0))
    with pytest.raises(InvalidTransition, match="closed more than 30 days ago; open a new case instead"):
        actions.reopen(case, reason="again", at=at(2026, 10, 5, 9, 0))


def test_followers_confirm_hear_updates_and_can_unsubscribe(city):
    case = new_pothole()
    subscription = actions.follow(case, channel="email", address="Fan@Example.org", language="es")
    (confirm,) = OutboxMessage.objects.filter(kind="confirm_subscription")
    assert (confirm.recipient, confirm.language, confirm.payload["token"]) == (
        "fan@example.org",
        "es",
        subscription.token,
    )
    actions.acknowledge(case)
    assert not OutboxMessage.objects.filter(kind="status_changed").exists()  # not confirmed yet
    actions.confirm_subscription(subscription.token)
    actions.change_status(case, "in_progress")
    assert OutboxMessage.objects.filter(kind="status_changed", recipient="fan@example.org").count() == 1
    actions.add_note(case, "Crew on site.", public=True)
    actions.unsubscribe(subscription.token)
    assert OutboxMessage.objects.filter(kind="public_note", status="pending").count() == 0
    actions.close(case, reason="resolved")
    assert not OutboxMessage.objects.filter(kind="case_closed").exists()


def test_follow_refuses_a_bad_address(city):
    case = new_pothole()
    with pytest.raises(CaseError, match="is not a mobile number"):
        actions.follow(case, channel="sms", address="call me")
    with pytest.raises(CaseError, match="is not an e-mail address"):
        actions.follow(case, channel="email", address="nobody")


def test_survey_answer_is_kept_in_the_history(city):
    case = actions.close(new_pothole(), reason="resolved")
    actions.record_survey(case, score=4, comment="Quick work")
    survey = case.events.last()
    assert (survey.kind, survey.data, survey.note, survey.public) == ("survey", {"score": 4}, "Quick work", False)
    with pytest.raises(CaseError, match="from 1 to 5"):
        actions.record_survey(case, score=9)


def test_updated_at_moves_with_every_change(city):
    with time_machine.travel(at(2026, 12, 1, 9, 0), tick=False):
        case = new_pothole()
    with time_machine.travel(at(2026, 12, 1, 11, 0), tick=False):
        case = actions.acknowledge(case)
    assert case.updated_at.astimezone(CENTRAL) == at(2026, 12, 1, 11, 0)
