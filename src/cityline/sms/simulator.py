"""A phone's side of a text conversation: sends texts to the service's webhook over real HTTP,
signed as the provider signs them, and reads the TwiML replies (``cityline sms`` and the tests)."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET

import requests

from cityline.core.telephony import SIGNATURE_HEADER, provider_signature

TIMEOUT = 30


class TextError(Exception):
    """The service answered something a provider would not accept."""


class TextingPhone:
    def __init__(
        self,
        base_url: str,
        phone: str = "+16205550123",
        to: str = "+16205550100",
        token: str | None = None,
        http: requests.Session | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.phone = phone
        self.to = to
        self.token = token
        self.http = http or requests.Session()
        self.conversation: list[tuple[str, str]] = []  # ("me" | "city", text)

    def send(self, body: str = "", media: list[tuple[str, str]] = (), message_sid: str | None = None) -> list[str]:
        """Text ``body`` (and pictures: (url, content type)); returns the replies."""
        params = {
            "MessageSid": message_sid or "SM" + uuid.uuid4().hex,
            "AccountSid": "AC" + "0" * 32,
            "From": self.phone,
            "To": self.to,
            "Body": body,
            "NumMedia": str(len(media)),
        }
        for index, (url, content_type) in enumerate(media):
            params[f"MediaUrl{index}"] = url
            params[f"MediaContentType{index}"] = content_type
        url = self.base_url + "/sms/incoming"
        headers = {SIGNATURE_HEADER: provider_signature(url, params, self.token)}
        response = self.http.post(url, data=params, headers=headers, timeout=TIMEOUT)
        if response.status_code >= 400:
            raise TextError(f"{url} answered {response.status_code}: {response.text.strip()[:300]}")
        try:
            root = ET.fromstring(response.text)
        except ET.ParseError as exc:
            raise TextError(f"the answer is not TwiML: {exc}") from exc
        replies = [" ".join((message.text or "").split()) for message in root.iter("Message")]
        self.conversation.append(("me", body + "".join(f" [photo {u}]" for u, _t in media)))
        self.conversation.extend(("city", reply) for reply in replies)
        return replies
