"""Delivery: retries with back-off, the provider's id and the final state recorded, permanent
refusals not retried, the provider's delivery report heard; every kind renders in both languages."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cityline.cases.models import OutboxMessage, OutboxStatus
from cityline.notify import delivery, gsm7, render
from tests.notify.world import SITE_URL, local, run_worker_once, twilio_signature

pytestmark = pytest.mark.django_db


def note_for(case, recipient: str, channel: str = "sms", kind: str = "public_note") -> OutboxMessage:
    return OutboxMessage.objects.create(
        case=case, kind=kind, channel=channel, recipient=recipient, payload={"note": "Crew on the way."}
    )


def test_a_provider_outage_is_retried_with_back_off_then_sent_once(world, provider, clock):
    clock.move_to(local(2026, 11, 16, 10, 0))
    message = note_for(world.report("pothole"), "+16205550181")
    provider.fail_times = 2
    run_worker_once()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.PENDING, 1)
    assert message.not_before == local(2026, 11, 16, 10, 0, 30) and "503" in message.last_error
    clock.move_to(local(2026, 11, 16, 10, 0, 31))
    run_worker_once()
    message.refresh_from_db()
    assert message.not_before == local(2026, 11, 16, 10, 2, 31)
    clock.move_to(local(2026, 11, 16, 10, 3))
    run_worker_once()
    message.refresh_from_db()
    [sent] = provider.texts_to("+16205550181")
    assert (message.status, message.attempts, message.provider_id, message.last_error) == (
        OutboxStatus.SENT,
        3,
        sent.sid,
        "",
    )
    assert message.sent_at == local(2026, 11, 16, 10, 3)


def test_a_refused_number_fails_at_once_with_the_providers_reason(world, provider, clock):
    clock.move_to(local(2026, 11, 16, 10, 0))
    provider.refuse["+16205550182"] = (400, 21614, "'To' number is not a valid mobile number")
    message = note_for(world.report("pothole"), "+16205550182")
    run_worker_once()
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED and message.attempts == 1
    assert message.last_error.startswith("provider refused (400, code 21614)")
    assert message.last_error.endswith("'To' number is not a valid mobile number")


def test_a_mail_server_refusal_fails_and_a_later_success_is_recorded(world, mail, clock):
    clock.move_to(local(2026, 11, 16, 10, 0))
    case = world.report("pothole")
    bounced = note_for(case, "nobody@bounce.example", channel="email")
    good = note_for(case, "ana@example.net", channel="email")
    run_worker_once()
    bounced.refresh_from_db()
    good.refresh_from_db()
    assert bounced.status == OutboxStatus.FAILED and "550" in bounced.last_error
    assert good.status == OutboxStatus.SENT and good.provider_id == mail.to("ana@example.net")[0]["Message-ID"]


def test_the_providers_delivery_report_of_an_undelivered_text_is_recorded(world, provider, clock, client):
    clock.move_to(local(2026, 11, 16, 10, 0))
    message = note_for(world.report("pothole"), "+16205550183")
    run_worker_once()
    [sent] = provider.texts_to("+16205550183")
    assert sent.status_callback.startswith(f"{SITE_URL}/notify/status/")
    params = {"MessageSid": sent.sid, "MessageStatus": "undelivered", "ErrorCode": "30003"}
    path = sent.status_callback.removeprefix(SITE_URL)
    assert client.post(path, params, HTTP_X_TWILIO_SIGNATURE="forged").status_code == 403
    answer = client.post(path, params, HTTP_X_TWILIO_SIGNATURE=twilio_signature(sent.status_callback, params))
    assert answer.status_code == 204
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED and "undelivered (error 30003)" in message.last_error


def test_a_message_whose_claim_ran_out_is_found_at_the_provider_not_sent_again(world, provider, clock, settings):
    settings.CITYLINE_OUTBOX_LEASE_SECONDS = 60
    clock.move_to(local(2026, 11, 16, 10, 0))
    message = note_for(world.report("pothole"), "+16205550184")
    claimed = delivery.claim_next()
    words = delivery._frozen_words(claimed)
    provider_id = delivery.provider().send_sms(claimed.recipient, words["sms"])  # then the worker died
    clock.shift(timedelta(seconds=61))
    run_worker_once()
    message.refresh_from_db()
    assert len(provider.texts_to("+16205550184")) == 1
    assert (message.status, message.attempts, message.provider_id) == (OutboxStatus.SENT, 2, provider_id)


KINDS = sorted(render.RESIDENT_KINDS | render.STAFF_KINDS)


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_kind_renders_in_both_languages_with_the_case_number(world, provider, clock, language):
    from cityline.cases import actions
    from cityline.notify.digests import build_digest
    from cityline.oncall.models import Page

    clock.move_to(local(2026, 11, 13, 21, 0))
    case = world.report("water-main-break", description="Agua por toda la calle " * 3)
    subscription = actions.follow(case, channel="sms", address="+16205550185", language=language)
    page = Page.objects.get(escalation__case=case)
    payloads = {
        "status_changed": {"status": "in_progress", "note": "Equipo en camino."},
        "public_note": {"note": "Equipo en camino."},
        "case_closed": {"reason": "resolved", "note": "Reparado."},
        "page": {"page": page.pk},
        "page_taken": {"page": page.pk, "by": "Sam Boss"},
        "oncall_gap": {"department": "public-works", "problem": "nobody is on call"},
        "digest": build_digest(world.public_works, local(2026, 11, 16, 8, 0)),
    }
    for kind in KINDS:
        message = OutboxMessage(
            case=None if kind == "digest" else case,
            kind=kind,
            channel="email",
            recipient="x@example.net",
            language=language,
            subscription=subscription if kind in render.RESIDENT_KINDS else None,
            payload=payloads.get(kind, {}),
        )
        words = render.render(message)
        assert words.subject and words.text.strip() and words.html.startswith("<!DOCTYPE html>")
        if kind != "digest":
            assert case.display_number in words.subject, kind
            assert case.display_number in words.sms, kind
        assert "{{" not in words.text + words.sms and "{%" not in words.text + words.sms, kind
        assert gsm7.is_gsm7(words.sms), (kind, words.sms)
        assert gsm7.segments(words.sms) <= 3, (kind, words.sms)
