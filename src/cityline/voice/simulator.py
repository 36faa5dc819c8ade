"""A phone provider in a box: it calls the phone line's webhooks over real HTTP, as Twilio would.

``cityline call`` uses it to play a whole call from a script or a keyboard, and the tests use it
against a live server, so both go through the same signed requests, TwiML and webhooks a real
call does. It reads the TwiML the line answers — ``<Say>`` is heard, ``<Gather>`` waits for keys or
words, ``<Redirect>``, ``<Dial>``, ``<Enqueue>``, ``<Record>`` and ``<Hangup>`` do what they do — and
sends the next request the way the provider would, signed with the auth token.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import urljoin

import requests

from cityline.core.telephony import SIGNATURE_HEADER, provider_signature

TIMEOUT = 30
MAX_REDIRECTS_IN_A_ROW = 20


class SimulatorError(Exception):
    """The line answered something a provider would not accept (an error status or bad TwiML)."""


@dataclass
class Heard:
    """What the caller heard since their last answer, and what the line waits for now."""

    says: list[tuple[str, str]] = field(default_factory=list)  # (language, text)
    waiting_for: str = ""  # "keys or speech", "keys", "speech", "a message", or "" when the call is over
    gather: dict[str, str] = field(default_factory=dict)
    dialled: list[str] = field(default_factory=list)
    queued: str = ""
    ended: bool = False

    @property
    def text(self) -> str:
        return " ".join(text for _language, text in self.says)


class PhoneCall:
    """One simulated call from ``caller`` to the city's number."""

    def __init__(
        self,
        base_url: str,
        caller: str = "+16205550123",
        to: str = "+16205550100",
        token: str | None = None,
        transfer_result: str = "completed",
        http: requests.Session | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.caller = caller
        self.to = to
        self.token = token
        self.transfer_result = transfer_result
        self.call_sid = "CA" + uuid.uuid4().hex
        self.http = http or requests.Session()
        self.transcript: list[str] = []
        self.last_response: str = ""
        self._action: dict[str, str] | None = None
        self._record: dict[str, str] | None = None
        self.ended = False
        self.requests = 0

    # --- what a caller does -------------------------------------------------------------------

    def dial(self, spanish_line: bool = False) -> Heard:
        path = "/voice/incoming" + ("?lang=es" if spanish_line else "")
        return self._run(self._post(self.base_url + path, {"CallStatus": "ringing", "Direction": "inbound"}))

    def press(self, digits: str) -> Heard:
        return self._answer({"Digits": digits})

    def say(self, words: str) -> Heard:
        return self._answer({"SpeechResult": words, "Confidence": "0.9"})

    def silence(self) -> Heard:
        return self._answer({})

    def leave_message(self, words: str, seconds: int = 12) -> Heard:
        """Speak after the tone; the provider posts the recording, then (later) its transcription."""
        if self._record is None:
            raise SimulatorError("the line is not recording")
        record, self._record = self._record, None
        recording_sid = "RE" + uuid.uuid4().hex
        params = {
            "RecordingUrl": f"https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/{recording_sid}",
            "RecordingSid": recording_sid,
            "RecordingDuration": str(seconds if words else 0),
        }
        heard = self._run(self._post(record["action"], params))
        if words and record.get("transcribeCallback"):
            self._post(
                record["transcribeCallback"],
                {
                    "RecordingSid": recording_sid,
                    "TranscriptionText": words,
                    "TranscriptionStatus": "completed",
                },
                expect_twiml=False,
            )
        return heard

    def hang_up(self, duration: int = 60) -> None:
        """The caller hangs up (or the call ended): the provider's status callback."""
        if self.ended:
            return
        self.ended = True
        self._action = None
        self._post(
            self.base_url + "/voice/status",
            {"CallStatus": "completed", "CallDuration": str(duration)},
            expect_twiml=False,
        )

    # --- the provider's side -----------------------------------------------------------------

    def _params(self, extra: dict[str, str]) -> dict[str, str]:
        return {
            "CallSid": self.call_sid,
            "AccountSid": "AC" + "0" * 32,
            "From": self.caller,
            "To": self.to,
            "CallStatus": "in-progress",
            "Direction": "inbound",
            "ApiVersion": "2010-04-01",
            **extra,
        }

    def _post(self, url: str, extra: dict[str, str], expect_twiml: bool = True) -> str:
        params = self._params(extra)
        headers = {SIGNATURE_HEADER: provider_signature(url, params, self.token)}
        response = self.http.post(url, data=params, headers=headers, timeout=TIMEOUT)
        self.requests += 1
        if response.status_code >= 400:
            raise SimulatorError(f"{url} answered {response.status_code}: {response.text.strip()[:300]}")
        self.last_response = response.text
        return response.text if expect_twiml else ""

    def _answer(self, params: dict[str, str]) -> Heard:
        if self.ended or self._action is None:
            raise SimulatorError("the call is not waiting for an answer")
        action, self._action = self._action, None
        return self._run(self._post(action["action"], params))

    def _run(self, document: str) -> Heard:
        heard = Heard()
        for _ in range(MAX_REDIRECTS_IN_A_ROW):
            try:
                root = ET.fromstring(document)
            except ET.ParseError as exc:
                raise SimulatorError(f"the answer is not TwiML: {exc}") from exc
            if root.tag != "Response":
                raise SimulatorError(f"the answer's root is <{root.tag}>, not <Response>")
            follow = self._verbs(root, heard)
            if follow is None:
                return heard
            document = self._post(follow[0], follow[1])
        raise SimulatorError("too many redirects in a row")

    def _hear(self, element: ET.Element, heard: Heard) -> None:
        text = " ".join((element.text or "").split())
        language = (element.get("language") or "en-US").split("-")[0]
        heard.says.append((language, text))
        self.transcript.append(f"[{language}] {text}")

    def _verbs(self, root: ET.Element, heard: Heard) -> tuple[str, dict[str, str]] | None:
        """Play the verbs; returns the next request to make by itself (a redirect), or None to stop."""
        for verb in root:
            if verb.tag == "Say":
                self._hear(verb, heard)
            elif verb.tag in ("Pause", "Play"):
                continue
            elif verb.tag == "Gather":
                for child in verb:
                    if child.tag == "Say":
                        self._hear(child, heard)
                self._action = {"action": urljoin(self.base_url + "/", verb.get("action", ""))}
                heard.gather = dict(verb.attrib)
                kinds = verb.get("input", "dtmf")
                heard.waiting_for = {"dtmf": "keys", "speech": "speech"}.get(kinds, "keys or speech")
                return None
            elif verb.tag == "Redirect":
                return urljoin(self.base_url + "/", (verb.text or "").strip()), {}
            elif verb.tag == "Dial":
                number = " ".join(child.text or "" for child in verb) or (verb.text or "")
                heard.dialled.append(number.strip())
                self.transcript.append(f"[transfer] {number.strip()}")
                if verb.get("action"):
                    status = {"DialCallStatus": self.transfer_result, "DialCallDuration": "30"}
                    return urljoin(self.base_url + "/", verb.get("action")), status
                self.hang_up()
                heard.ended = True
                return None
            elif verb.tag == "Enqueue":
                heard.queued = (verb.text or "").strip()
                self.transcript.append(f"[queue] {heard.queued}")
                heard.waiting_for = ""
                return None
            elif verb.tag == "Record":
                self._record = {
                    "action": urljoin(self.base_url + "/", verb.get("action", "")),
                    "transcribeCallback": urljoin(self.base_url + "/", verb.get("transcribeCallback", ""))
                    if verb.get("transcribe") == "true"
                    else "",
                }
                heard.waiting_for = "a message"
                self.transcript.append("[beep]")
                return None
            elif verb.tag == "Hangup":
                self.transcript.append("[hang up]")
                self.hang_up()
                heard.ended = True
                return None
            else:
                raise SimulatorError(f"<{verb.tag}> is not a verb this simulator knows")
        # The document ran out of verbs: the provider ends the call.
        self.hang_up()
        heard.ended = True
        return None
