"""Photos sent by MMS: fetched from the provider's media URL, checked, kept for the case.

The provider gives a URL and a declared content type for each picture. Only the provider's media
hosts are fetched from (``CITYLINE_SMS_MEDIA_HOSTS``: a signed webhook could still name any URL,
and the server must not be made to fetch from inside the city's network), redirects are followed
only to such hosts, and a file is kept only if it is an image of an accepted kind — by its
declared type, the type the host serves and its first bytes — and not larger than
``CITYLINE_SMS_MEDIA_MAX_BYTES``.
"""

from __future__ import annotations

import fnmatch
import uuid
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from django.core.files.base import ContentFile

TIMEOUT = (5, 20)
MAX_REDIRECTS = 3

# Accepted types, and the first bytes each must start with.
IMAGE_TYPES = {
    "image/jpeg": (".jpg", [b"\xff\xd8\xff"]),
    "image/png": (".png", [b"\x89PNG\r\n\x1a\n"]),
    "image/gif": (".gif", [b"GIF87a", b"GIF89a"]),
    "image/webp": (".webp", [b"RIFF"]),
    "image/heic": (".heic", []),
    "image/heif": (".heif", []),
}


class MediaRefused(Exception):
    """A file not kept; ``reason`` is one of: not_image, too_large, unavailable."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(frozen=True)
class Photo:
    content: ContentFile
    content_type: str
    size: int


def host_allowed(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return False
    host = parts.hostname.lower()
    for pattern in settings.CITYLINE_SMS_MEDIA_HOSTS:
        pattern = pattern.lower()
        if host == pattern or (pattern.startswith("*.") and (host.endswith(pattern[1:]) or host == pattern[2:])):
            return True
        if fnmatch.fnmatchcase(host, pattern):
            return True
    return False


def _looks_like(content_type: str, head: bytes) -> bool:
    signatures = IMAGE_TYPES[content_type][1]
    if content_type == "image/webp":
        return head.startswith(b"RIFF") and head[8:12] == b"WEBP"
    if content_type in ("image/heic", "image/heif"):
        return head[4:8] == b"ftyp"
    return any(head.startswith(signature) for signature in signatures)


def _base_type(value: str) -> str:
    return (value or "").split(";")[0].strip().lower()


def fetch_photo(url: str, declared_type: str) -> Photo:
    """Download one MMS picture, or raise MediaRefused."""
    declared = _base_type(declared_type)
    if declared not in IMAGE_TYPES:
        raise MediaRefused("not_image", declared or "no type")
    limit = settings.CITYLINE_SMS_MEDIA_MAX_BYTES
    first_host = urlsplit(url).hostname
    auth = (settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN) if settings.TWILIO_ACCOUNT_SID else None
    for _hop in range(MAX_REDIRECTS + 1):
        if not host_allowed(url):
            raise MediaRefused("unavailable", f"{urlsplit(url).hostname} is not a media host")
        try:
            response = requests.get(
                url,
                # The account's credentials go only to the host the provider named, not to a CDN.
                auth=auth if urlsplit(url).hostname == first_host else None,
                timeout=TIMEOUT,
                stream=True,
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            raise MediaRefused("unavailable", str(exc)) from exc
        with response:
            if response.is_redirect:
                url = urljoin(url, response.headers.get("Location", ""))
                continue
            if response.status_code != 200:
                raise MediaRefused("unavailable", f"HTTP {response.status_code}")
            served = _base_type(response.headers.get("Content-Type", "")) or declared
            if served not in IMAGE_TYPES:
                raise MediaRefused("not_image", served)
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limit:
                raise MediaRefused("too_large", length)
            data = bytearray()
            for chunk in response.iter_content(64 * 1024):
                data.extend(chunk)
                if len(data) > limit:
                    raise MediaRefused("too_large", f"over {limit} bytes")
        if not data or not _looks_like(served, bytes(data[:16])):
            raise MediaRefused("not_image", "content is not an image of its type")
        name = f"{uuid.uuid4().hex}{IMAGE_TYPES[served][0]}"
        return Photo(ContentFile(bytes(data), name=name), served, len(data))
    raise MediaRefused("unavailable", "too many redirects")
