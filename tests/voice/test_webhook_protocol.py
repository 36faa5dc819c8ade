"""The webhooks as the provider meets them: signed requests only (403 and nothing changes
otherwise), the public URL behind a proxy, clear 400s for bodies no provider sends."""

from __future__ import annotations

import pytest

from cityline.cases.models import Interaction
from cityline.core.telephony import provider_signature
from cityline.sms.models import InboundMessage
from cityline.voice.models import CallSession
from tests.webhooks import TOKEN

pytestmark = pytest.mark.django_db

CALL = {"CallSid": "CA" + "1" * 32, "From": "+16205550199", "To": "+16205550100", "CallStatus": "ringing"}


def post(client, path, params, token=TOKEN, signed_url=None, **headers):
    url = signed_url or f"http://testserver{path}"
    if token is not None:
        headers["HTTP_X_TWILIO_SIGNATURE"] = provider_signature(url, params, token)
    return client.post(path, data=params, **headers)


@pytest.mark.parametrize(
    "path", ["/voice/incoming", "/voice/step/menu?n=1", "/voice/status", "/voice/transcription", "/sms/incoming"]
)
def test_a_missing_or_wrong_signature_is_refused_and_changes_nothing(city, client, signed, path):
    params = {**CALL, "CallStatus": "completed", "MessageSid": "SM" + "1" * 32, "Body": "pothole", "Digits": "1"}
    params |= {"TranscriptionText": "hello", "TranscriptionStatus": "completed"}
    assert post(client, path, params, token=None).status_code == 403
    assert post(client, path, params, token="not-the-token").status_code == 403
    assert not CallSession.objects.exists()
    assert not Interaction.objects.exists()
    assert not InboundMessage.objects.exists()


def test_a_signature_over_different_parameters_is_refused(city, client, signed):
    signature = provider_signature("http://testserver/voice/incoming", CALL, TOKEN)
    response = client.post("/voice/incoming", data={**CALL, "From": "+16205550100"}, HTTP_X_TWILIO_SIGNATURE=signature)
    assert response.status_code == 403
    assert "X-Twilio-Signature" in response.content.decode()
    assert not CallSession.objects.exists() and not Interaction.objects.exists()


def test_signalwire_signs_like_twilio_in_its_own_header(city, client, signed):
    signature = provider_signature("http://testserver/voice/incoming", CALL, TOKEN)
    response = client.post("/voice/incoming", data=CALL, HTTP_X_SIGNALWIRE_SIGNATURE=signature)
    assert response.status_code == 200


def test_without_an_auth_token_every_webhook_is_refused(city, client, settings):
    settings.TWILIO_AUTH_TOKEN = ""
    response = client.post("/voice/incoming", data=CALL, HTTP_X_TWILIO_SIGNATURE="anything")
    assert response.status_code == 403
    assert "TWILIO_AUTH_TOKEN" in response.content.decode()


def test_behind_a_proxy_the_public_address_is_what_is_signed(city, client, signed):
    signed.SITE_URL = "https://311.example.org"
    signed.ALLOWED_HOSTS = ["internal.local", "testserver"]
    public = "https://311.example.org/voice/incoming"
    response = post(client, "/voice/incoming", CALL, signed_url=public, HTTP_HOST="internal.local")
    assert response.status_code == 200
    assert 'action="https://311.example.org/voice/step/greeting?n=1"' in response.content.decode()
    internal = post(
        client,
        "/voice/incoming",
        {**CALL, "CallSid": "CA" + "2" * 32},
        signed_url="http://internal.local/voice/incoming",
        HTTP_HOST="internal.local",
    )
    assert internal.status_code == 403


def test_a_get_is_not_a_webhook(city, client, signed):
    assert client.get("/voice/incoming").status_code == 405


@pytest.mark.parametrize(
    ("path", "params", "reason"),
    [
        ("/voice/incoming", {"From": "+16205550199"}, "CallSid: This field is required."),
        ("/voice/incoming", {**CALL, "CallSid": "CA'; DROP TABLE"}, "CallSid: is not a provider call id"),
        ("/voice/step/menu?n=1", {**CALL, "Digits": "12ab"}, "Digits: has characters that are not keypad keys"),
        ("/voice/step/menu?n=one", CALL, "n: Enter a whole number."),
        ("/voice/step/no-such-step?n=1", CALL, "step: there is no step 'no-such-step' in the call flow"),
        ("/voice/status", {**CALL, "CallStatus": "exploded"}, "CallStatus: Select a valid choice."),
        ("/voice/incoming?lang=fr", CALL, "lang: Select a valid choice."),
        ("/sms/incoming", {"From": "+16205550199", "Body": "hi"}, "MessageSid: This field is required."),
        (
            "/sms/incoming",
            {"MessageSid": "SM1", "From": "+16205550199", "NumMedia": "1"},
            "MediaUrl0: This field is required.",
        ),
        ("/sms/incoming", {"MessageSid": "SM1", "From": "not a number", "Body": "x"}, "From: is not a phone number"),
    ],
)
def test_a_body_no_provider_sends_gets_400_with_the_reason(city, client, signed, path, params, reason):
    response = post(client, path, params)
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert not CallSession.objects.exists()


def test_an_answer_for_a_call_that_is_gone_starts_it_again(city, client, signed):
    response = post(client, "/voice/step/menu?n=4", {**CALL, "Digits": "1"})
    assert response.status_code == 200
    assert "Para español, oprima 2." in response.content.decode()


def test_telnyx_signs_with_its_ed25519_key(city, client, settings):
    """Telnyx's TeXML webhooks carry an Ed25519 signature over "timestamp|body" instead."""
    import base64
    import time
    from urllib.parse import urlencode

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    key = Ed25519PrivateKey.generate()
    settings.TWILIO_AUTH_TOKEN = ""
    settings.TELNYX_PUBLIC_KEY = base64.b64encode(
        key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    ).decode()
    body = urlencode({**CALL, "CallSid": "v3:9X2vxPDFY2RHSJ1EdMS0RHRksMTg7ldNxdjWbVr9zBjbGjGs-aiQ"})

    def send(stamp: int, signed_body: str = body):
        signature = base64.b64encode(key.sign(f"{stamp}|{signed_body}".encode())).decode()
        return client.post(
            "/voice/incoming",
            data=body,
            content_type="application/x-www-form-urlencoded",
            HTTP_TELNYX_SIGNATURE_ED25519=signature,
            HTTP_TELNYX_TIMESTAMP=str(stamp),
        )

    now = int(time.time())
    assert send(now - 3600).status_code == 403  # a replay of an old request
    assert send(now, signed_body=body + "&Digits=1").status_code == 403
    assert not Interaction.objects.exists()
    response = send(now)
    assert response.status_code == 200
    assert "Para español, oprima 2." in response.content.decode()


def test_a_fault_of_ours_is_an_apology_not_an_application_error(city, phone, monkeypatch):
    from cityline.voice import flow

    def broken(call, reply):
        raise RuntimeError("a bug")

    monkeypatch.setattr(flow.STEPS["menu"], "handle", broken)
    call = phone()
    call.dial()
    heard = call.silence()
    heard = call.press("1")
    assert heard.ended
    assert heard.says[0] == (
        "en",
        "We are sorry, something went wrong on this line. If this is an emergency, hang up and dial 9 1 1.",
    )
    assert heard.says[1] == ("en", "Please call again in a few minutes, or call 6 2 0, 5 5 5, 0 1 0 0.")


def test_a_city_in_one_language_offers_no_other(city, phone):
    from cityline.core.models import Jurisdiction, forget_current_jurisdiction

    Jurisdiction.objects.update(languages=["en"])
    forget_current_jurisdiction()
    heard = phone().dial(spanish_line=True)
    assert heard.says == [
        ("en", "City of Riverton, 3 1 1."),
        ("en", "If this is an emergency, hang up and dial 9 1 1."),
    ]
