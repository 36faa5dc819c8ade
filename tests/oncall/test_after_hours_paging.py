"""Friday 17:05, a water main break reported by phone: on call is paged within a minute; no answer
in 15 minutes pages the supervisor; the supervisor's text reply accepts and paging stops."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cityline.cases.models import EventKind, Status
from cityline.oncall import handle_staff_sms
from cityline.oncall.models import Escalation, EscalationState, Page
from tests.notify.world import SITE_URL, local, run_worker_once, twilio_signature

pytestmark = pytest.mark.django_db


def history(case) -> list[tuple[str, str]]:
    return [(event.kind, event.note) for event in case.events.order_by("at", "pk")]


def test_friday_evening_water_main_break_reaches_a_person_and_stops_when_accepted(world, provider, mail, clock, client):
    clock.move_to(local(2026, 11, 13, 17, 5))
    case = world.report("water-main-break", description="Water is gushing out of the street by the school.")
    assert case.received_after_hours

    # Paging starts in the transaction that opened the case.
    escalation = Escalation.objects.get(case=case)
    assert escalation.state == EscalationState.ACTIVE
    assert [kind for kind, _ in history(case)] == [EventKind.OPENED, EventKind.PAGED]

    clock.shift(20)
    run_worker_once()
    pat = world.phone(world.pat)
    [text] = provider.texts_to(pat)
    assert text.body.startswith("URGENT Riverton 311 page, Public Works: Water main break at 200 S Main St.")
    assert case.display_number in text.body and "Reply 1 to accept, 2 to pass." in text.body
    [call] = provider.calls_to(pat)
    page = Page.objects.get(escalation=escalation, user=world.pat)
    assert call.url == f"{SITE_URL}/oncall/voice/{page.token}/"
    [copy] = mail.to("pat@riverton.example")
    assert case.display_number in copy["Subject"]

    # The call reads the case and asks for a key.
    signature = twilio_signature(call.url, {"CallSid": call.sid})
    twiml = client.post(f"/oncall/voice/{page.token}/", {"CallSid": call.sid}, HTTP_X_TWILIO_SIGNATURE=signature)
    assert twiml.status_code == 200 and twiml["Content-Type"].startswith("text/xml")
    spoken = twiml.content.decode()
    assert "Water main break." in spoken and "200 S Main St" in spoken
    assert "Press 1 to accept." in spoken and case.spoken_number in spoken

    # Fifteen minutes without an answer: the supervisor is paged.
    clock.move_to(local(2026, 11, 13, 17, 19, 59))
    run_worker_once()
    assert provider.texts_to(world.phone(world.sam)) == []
    clock.move_to(local(2026, 11, 13, 17, 20, 1))
    run_worker_once()
    [supervisor_text] = provider.texts_to(world.phone(world.sam))
    assert case.display_number in supervisor_text.body
    assert provider.calls_to(world.phone(world.sam))
    escalated = [note for kind, note in history(case) if kind == EventKind.ESCALATED]
    assert escalated and escalated[0].startswith("No answer from Pat Doe (level 1)")

    # The supervisor answers the text: accepted, the case is acknowledged and assigned to them.
    clock.shift(60)
    reply = handle_staff_sms("(620) 555-0153", "1")
    assert reply.startswith(f"Accepted: case {case.display_number} (Water main break, 200 S Main St) is yours.")
    case.refresh_from_db()
    assert case.status == Status.ACKNOWLEDGED and case.assignee == world.sam
    escalation.refresh_from_db()
    assert escalation.state == EscalationState.ACKNOWLEDGED and escalation.acknowledged_by == world.sam
    kinds = [kind for kind, _ in history(case)]
    assert kinds.count(EventKind.PAGED) == 2 and EventKind.PAGE_ACKNOWLEDGED in kinds

    # Pat, paged first and silent, is told it is taken; nobody else is paged, however long we wait.
    run_worker_once()
    assert provider.texts_to(pat)[-1].body == (
        f"Riverton 311: case {case.display_number} (Water main break) was taken by Sam Boss. No action needed."
    )
    sent_before = len(provider.sent)
    clock.shift(timedelta(hours=2))
    run_worker_once()
    assert len(provider.sent) == sent_before
    # A late "1" from Pat is answered, not acted on.
    assert "already accepted by Sam Boss" in handle_staff_sms(pat, "1")


def test_a_text_from_someone_never_paged_is_not_for_on_call(world, provider, clock):
    clock.move_to(local(2026, 11, 13, 17, 5))
    world.report("water-main-break")
    assert handle_staff_sms("+16205550199", "1") is None
    assert handle_staff_sms("not a number", "1") is None


def test_the_page_answered_by_the_keypad(world, provider, clock, client):
    clock.move_to(local(2026, 11, 13, 22, 40))
    case = world.report("water-main-break")
    page = Page.objects.get(escalation__case=case)
    url = f"{SITE_URL}/oncall/voice/{page.token}/key/"
    refused = client.post(f"/oncall/voice/{page.token}/key/", {"Digits": "1"}, HTTP_X_TWILIO_SIGNATURE="forged")
    assert refused.status_code == 403
    answer = client.post(
        f"/oncall/voice/{page.token}/key/",
        {"Digits": "1"},
        HTTP_X_TWILIO_SIGNATURE=twilio_signature(url, {"Digits": "1"}),
    )
    assert "The case is yours and paging has stopped." in answer.content.decode()
    assert Escalation.objects.get(case=case).state == EscalationState.ACKNOWLEDGED
    assert case.events.filter(kind=EventKind.PAGE_ACKNOWLEDGED, note__contains="by phone keypad").exists()


def test_the_keypad_answer_from_a_signalwire_line_is_accepted_like_the_phone_lines(world, provider, clock, client):
    """The paging call's webhooks check signatures as the city's phone line does, for every provider."""
    clock.move_to(local(2026, 11, 13, 22, 40))
    case = world.report("water-main-break")
    page = Page.objects.get(escalation__case=case)
    url = f"{SITE_URL}/oncall/voice/{page.token}/key/"
    assert client.get(f"/oncall/voice/{page.token}/key/").status_code == 405
    answer = client.post(
        f"/oncall/voice/{page.token}/key/",
        {"Digits": "1"},
        HTTP_X_SIGNALWIRE_SIGNATURE=twilio_signature(url, {"Digits": "1"}),
    )
    assert "The case is yours and paging has stopped." in answer.content.decode()
    assert Escalation.objects.get(case=case).state == EscalationState.ACKNOWLEDGED


def test_the_signed_link_shows_the_case_and_accepts_only_on_the_button(world, provider, clock, client):
    from cityline.oncall.links import ack_url

    clock.move_to(local(2026, 11, 14, 2, 10))
    case = world.report("water-main-break", description="Road flooding fast.")
    page = Page.objects.get(escalation__case=case)
    path = ack_url(page).removeprefix(SITE_URL)
    shown = client.get(path)
    assert shown.status_code == 200
    html = shown.content.decode()
    assert "Water main break" in html and "Road flooding fast." in html and "Accept: I am on it" in html
    assert Escalation.objects.get(case=case).state == EscalationState.ACTIVE  # a link preview accepts nothing
    accepted = client.post(path, {"answer": "accept"})
    assert "Accepted. The case is yours and paging has stopped." in accepted.content.decode()
    assert Escalation.objects.get(case=case).state == EscalationState.ACKNOWLEDGED
    assert client.get(path[:-5] + "xxxx/").status_code == 404


def test_passing_pages_the_next_level_at_once(world, provider, clock):
    clock.move_to(local(2026, 11, 13, 23, 0))
    case = world.report("water-main-break")
    reply = handle_staff_sms(world.phone(world.pat), "2")
    assert reply == f"Passed: case {case.display_number} goes to the next person now."
    assert Page.objects.filter(escalation__case=case, user=world.sam).exists()
    assert case.events.filter(kind=EventKind.ESCALATED, note__contains="passed the page by text reply").exists()
