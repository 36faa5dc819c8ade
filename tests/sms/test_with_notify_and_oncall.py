"""The text service with the rest of the city's messaging: a paged crew member's "1" reaches on-call,
the texts a caller asked for go out through the outbox, and STOP holds them back."""

from __future__ import annotations

import pytest

from cityline.cases.models import OutboxMessage
from cityline.oncall.models import Escalation, EscalationState
from cityline.sms.simulator import TextingPhone
from cityline.voice.simulator import PhoneCall
from tests.notify.fakes import AUTH_TOKEN
from tests.notify.world import SITE_URL, local, run_worker_once
from tests.webhooks import ClientTransport

pytestmark = pytest.mark.django_db


def test_a_paged_crew_members_reply_goes_to_on_call(world, provider, mail, clock, client):
    clock.move_to(local(2026, 11, 13, 17, 5))
    case = world.report("water-main-break", description="Water is gushing out of the street.")
    clock.shift(20)
    run_worker_once()
    pat = TextingPhone(SITE_URL, phone=world.phone(world.pat), token=AUTH_TOKEN, http=ClientTransport(client))
    [reply] = pat.send("1")
    assert reply.startswith(f"Accepted: case {case.display_number} (Water main break, 200 S Main St) is yours.")
    assert Escalation.objects.get(case=case).state == EscalationState.ACKNOWLEDGED
    # A resident's "1" is not taken for a crew member's.
    resident = TextingPhone(SITE_URL, phone="+16205550177", token=AUTH_TOKEN, http=ClientTransport(client))
    assert not resident.send("1")[0].startswith("Accepted")


def test_texts_a_caller_asks_for_are_delivered_and_stop_holds_them_back(world, provider, mail, clock, client):
    clock.move_to(local(2026, 11, 16, 10, 0))
    caller = "+16205550178"

    def ask_about_trash():
        call = PhoneCall(SITE_URL, caller=caller, token=AUTH_TOKEN, http=ClientTransport(client))
        call.dial()
        call.silence()
        call.press("4")
        return call, call.say("when is my trash picked up")

    call, heard = ask_about_trash()
    call.press("1")  # text me this
    run_worker_once()
    [text] = provider.texts_to(caller)
    assert text.body == "Riverton 311: When is my trash picked up? Trash is picked up once a week on your zone's day."

    call, heard = ask_about_trash()
    call.press("1")
    TextingPhone(SITE_URL, phone=caller, token=AUTH_TOKEN, http=ClientTransport(client)).send("STOP")
    run_worker_once()
    assert len(provider.texts_to(caller)) == 1
    assert OutboxMessage.objects.filter(kind="ivr_article").order_by("-pk").first().status == "cancelled"

    call, heard = ask_about_trash()
    assert "texted" not in heard.text
    assert heard.says[-1] == ("en", "Press 2 to talk to someone, 3 to ask another question, or 9 for the main menu.")
