"""Residents hear back in their language, by the channel they chose: opened, changed, closed (with
the survey), never at night by text, never after unsubscribing or texting STOP."""

from __future__ import annotations

import pytest
from django.test import Client

from cityline.cases import actions
from cityline.cases.actions import RequesterInfo
from cityline.cases.models import EventKind, OutboxMessage, OutboxStatus, Subscription
from cityline.notify import gsm7, opt_in, opt_out
from tests.notify.world import SITE_URL, local, run_worker_once

pytestmark = pytest.mark.django_db

RESIDENT_EMAIL = "ana@example.net"
RESIDENT_PHONE = "+16205550177"


def by_email(language: str = "en") -> RequesterInfo:
    return RequesterInfo(first_name="Ana", email=RESIDENT_EMAIL, contact_preference="email", language=language)


def by_sms(language: str = "en") -> RequesterInfo:
    return RequesterInfo(first_name="Ana", phone="(620) 555-0177", contact_preference="sms", language=language)


def path(url: str) -> str:
    assert url.startswith(SITE_URL)
    return url.removeprefix(SITE_URL)


def link_after(text: str, label: str) -> str:
    return text.split(label, 1)[1].split()[0].rstrip(".")


def test_saturday_pothole_is_acknowledged_and_its_clock_starts_monday_at_opening(world, mail, provider, clock):
    clock.move_to(local(2026, 11, 14, 10, 0))  # Saturday
    case = world.report("pothole", channel="web", requester=by_email())
    assert case.received_after_hours
    assert case.sla_due_at == world.public_works.calendar.add_business_days(local(2026, 11, 16, 8, 0), 3)
    run_worker_once()
    [message] = mail.to(RESIDENT_EMAIL)
    assert message["Subject"] == f"We received your report: Pothole (case {case.display_number})"
    assert message["Reply-To"] == "311@riverton.example"
    assert message["X-Cityline-Case"] == case.number
    text = mail.text(message)
    assert (
        "What happens next: the Public Works office is closed now. Your report is logged and work starts when it "
        "opens: Monday, November 16, 2026, 8:00 AM. We expect to finish by Thursday, November 19, 2026, 8:00 AM."
    ) in " ".join(text.split())
    html = mail.html(message)
    assert case.display_number in html and "Monday, November 16, 2026, 8:00 AM" in html
    unsubscribe = link_after(text, "To stop them:")
    assert f'href="{unsubscribe}"' in html
    assert message["List-Unsubscribe"].strip() == f"<{unsubscribe}>"
    outbox = OutboxMessage.objects.get(case=case, kind="case_opened")
    assert outbox.status == OutboxStatus.SENT and outbox.provider_id == message["Message-ID"]


def test_spanish_text_is_short_gsm7_and_in_spanish(world, provider, clock):
    clock.move_to(local(2026, 11, 14, 10, 0))
    case = world.report("pothole", channel="sms", requester=by_sms("es"))
    run_worker_once()
    [text] = provider.texts_to(RESIDENT_PHONE)
    assert text.body == (
        f"311 de Riverton: caso {case.display_number} (Bache) recibido. Se atiende desde el lun 16 nov, 08:00. "
        "Listo el jue 19 nov, 08:00. STOP para no recibir mas."
    )
    assert gsm7.is_gsm7(text.body) and gsm7.segments(text.body) == 1


def test_quiet_hours_hold_a_residents_text_until_eight_but_not_the_email(world, provider, mail, clock):
    clock.move_to(local(2026, 11, 17, 14, 0))
    case = world.report("pothole", channel="sms", requester=by_sms())
    actions.follow(case, channel="email", address="ana@example.net", confirmed=True)
    run_worker_once()
    clock.move_to(local(2026, 11, 17, 22, 30))
    actions.change_status(case, "in_progress", actor=world.pat, note="Crew scheduled for the morning.")
    run_worker_once()
    assert [t.body for t in provider.texts_to(RESIDENT_PHONE) if "in progress" in t.body] == []
    assert [m for m in mail.to(RESIDENT_EMAIL) if "in progress" in m["Subject"]]
    held = OutboxMessage.objects.get(case=case, kind="status_changed", channel="sms")
    assert held.status == OutboxStatus.PENDING and held.not_before == local(2026, 11, 18, 8, 0) and held.attempts == 0
    clock.move_to(local(2026, 11, 18, 7, 59))
    run_worker_once()
    assert not [t for t in provider.texts_to(RESIDENT_PHONE) if "in progress" in t.body]
    clock.move_to(local(2026, 11, 18, 8, 0))
    run_worker_once()
    [morning] = [t for t in provider.texts_to(RESIDENT_PHONE) if "in progress" in t.body]
    assert morning.body == (
        f"Riverton 311: case {case.display_number} (Pothole) is now in progress: work has started. "
        "Crew scheduled for the morning."
    )


def test_closing_sends_the_note_and_a_one_question_survey(world, mail, provider, clock, client):
    clock.move_to(local(2026, 11, 16, 9, 0))
    case = world.report("pothole", channel="web", requester=by_email())
    clock.move_to(local(2026, 11, 17, 11, 0))
    actions.close(case, reason="resolved", note="Patched with hot asphalt.", actor=world.pat)
    run_worker_once()
    [closed] = [m for m in mail.to(RESIDENT_EMAIL) if "closed" in m["Subject"]]
    assert closed["Subject"] == f"Case {case.display_number} is closed: Pothole"
    text = " ".join(mail.text(closed).split())
    assert "is closed: resolved." in text and "Public Works says: Patched with hot asphalt." in text
    survey = path(link_after(text, "from 1 (poor) to 5 (excellent):"))
    page = client.get(survey)
    assert page.status_code == 200 and "How did we do?" in page.content.decode()
    refused = client.post(survey, {"comment": "Quick work"})
    html = refused.content.decode()
    assert "Choose a number from 1 to 5." in html and "Quick work" in html
    thanked = client.post(survey, {"score": "4", "comment": "Quick work"})
    assert "Your answer is recorded with the case." in thanked.content.decode()
    [answer] = case.events.filter(kind=EventKind.SURVEY)
    assert answer.data == {"score": 4} and answer.note == "Quick work"
    again = client.post(survey, {"score": "1"})
    assert "We already have an answer for this case." in again.content.decode()
    assert case.events.filter(kind=EventKind.SURVEY).count() == 1
    assert client.get(survey[:-6] + "forged/").status_code == 404


def test_an_unsubscribed_resident_gets_nothing_more(world, mail, provider, clock):
    clock.move_to(local(2026, 11, 16, 9, 0))
    case = world.report("pothole", channel="web", requester=by_email())
    run_worker_once()
    unsubscribe = path(link_after(mail.text(mail.to(RESIDENT_EMAIL)[0]), "To stop them:"))
    strict = Client(enforce_csrf_checks=True)
    shown = strict.get(unsubscribe)
    assert "Stop updates" in shown.content.decode()
    assert Subscription.objects.get(case=case).unsubscribed_at is None  # looking is not unsubscribing
    actions.add_note(case, "Crew on the way.", public=True, actor=world.pat)  # waiting in the outbox
    # The mail app's one-click unsubscribe (RFC 8058) has no CSRF token: the signed link is the proof.
    done = strict.post(unsubscribe, {"List-Unsubscribe": "One-Click"})
    assert "You will get no more updates about case" in done.content.decode()
    actions.change_status(case, "in_progress", actor=world.pat)
    actions.close(case, reason="resolved", note="Fixed.", actor=world.pat)
    run_worker_once()
    assert len(mail.to(RESIDENT_EMAIL)) == 1
    assert OutboxMessage.objects.get(case=case, kind="public_note").status == OutboxStatus.CANCELLED


def test_a_stop_number_gets_no_text_but_still_its_email(world, mail, provider, clock):
    clock.move_to(local(2026, 11, 16, 9, 0))
    case = world.report("pothole", channel="sms", requester=by_sms())
    actions.follow(case, channel="email", address=RESIDENT_EMAIL, confirmed=True)
    run_worker_once()
    assert len(provider.texts_to(RESIDENT_PHONE)) == 1
    opt_out("(620) 555-0177")
    actions.add_note(case, "Crew on the way.", public=True, actor=world.pat)
    run_worker_once()
    assert len(provider.texts_to(RESIDENT_PHONE)) == 1
    assert [m for m in mail.to(RESIDENT_EMAIL) if "Update on case" in m["Subject"]]
    sms = OutboxMessage.objects.get(case=case, kind="public_note", channel="sms")
    assert sms.status == OutboxStatus.CANCELLED and "STOP" in sms.last_error
    opt_in(RESIDENT_PHONE)
    actions.add_note(case, "Done tomorrow.", public=True, actor=world.pat)
    run_worker_once()
    assert provider.texts_to(RESIDENT_PHONE)[-1].body == f"Riverton 311, case {case.display_number}: Done tomorrow."


def test_a_follower_confirms_before_getting_updates(world, provider, clock, client):
    clock.move_to(local(2026, 11, 16, 9, 0))
    case = world.report("pothole")
    actions.follow(case, channel="sms", address="620-555-0188", language="es")
    run_worker_once()
    [ask] = provider.texts_to("+16205550188")
    assert ask.body.startswith(
        f"311 de Riverton: para recibir avisos del caso {case.display_number} (Bache), confirme aqui:"
    )
    confirm = path(link_after(ask.body, "confirme aqui:"))
    actions.add_note(case, "Primera nota.", public=True, actor=world.pat)
    run_worker_once()
    assert len(provider.texts_to("+16205550188")) == 1  # not confirmed yet: nothing
    assert "Confirm" in client.get(confirm).content.decode() or "Confirme" in client.get(confirm).content.decode()
    client.post(confirm)
    actions.add_note(case, "Segunda nota.", public=True, actor=world.pat)
    run_worker_once()
    assert provider.texts_to("+16205550188")[-1].body == f"311 de Riverton, caso {case.display_number}: Segunda nota."
