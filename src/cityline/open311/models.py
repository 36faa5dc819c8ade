"""API keys for Open311 clients (their rate limits are counted by ``cityline.core.ratelimit``)."""

from __future__ import annotations

import hashlib
import secrets
import threading
import time

from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

KEY_PREFIX = "cl311_"
# Every call with a key looks it up; a process keeps each key it found for this long, so a key
# revoked in another process (the admin, `cityline api-key revoke`) stops working within it.
KEY_CACHE_SECONDS = 30.0
_found_keys: dict[str, tuple[float, ApiKey]] = {}
_found_keys_lock = threading.Lock()


def hash_key(key: str) -> str:
    """Keys are 32 random bytes, so a plain SHA-256 is enough to make a stolen table useless."""
    return hashlib.sha256(key.strip().encode()).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def active(self) -> ApiKeyQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    """A key the city gave to an app developer or aggregator. Only its hash is kept."""

    name = models.CharField(max_length=200, help_text="Who holds the key: the app or organisation")
    contact = models.CharField(max_length=254, blank=True, help_text="Whom to call about this key")
    # The first characters of the key, shown in listings so a holder can tell their keys apart.
    prefix = models.CharField(max_length=16, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    rate_limit = models.PositiveIntegerField(
        null=True, blank=True, help_text="Requests per minute; empty = the site default (OPEN311_RATE_LIMIT)"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "Open311 API key"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @classmethod
    def issue(cls, name: str, *, contact: str = "", rate_limit: int | None = None) -> tuple[ApiKey, str]:
        """Create a key; the key itself is returned once and never stored."""
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        row = cls.objects.create(
            name=name.strip(),
            contact=contact.strip(),
            prefix=key[: len(KEY_PREFIX) + 6],
            key_hash=hash_key(key),
            rate_limit=rate_limit,
        )
        return row, key

    @classmethod
    def find_active(cls, raw: str) -> ApiKey | None:
        """The active key ``raw`` is, or None; found keys are kept for ``KEY_CACHE_SECONDS``."""
        digest = hash_key(raw)
        now = time.monotonic()
        hit = _found_keys.get(digest)
        if hit is not None and now - hit[0] < KEY_CACHE_SECONDS:
            return hit[1]
        key = cls.objects.active().filter(key_hash=digest).first()
        if key is not None:
            with _found_keys_lock:
                if len(_found_keys) > 1000:
                    _found_keys.clear()
                _found_keys[digest] = (now, key)
        return key

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


def forget_found_keys() -> None:
    _found_keys.clear()


@receiver(post_save, sender=ApiKey, dispatch_uid="cityline.open311.forget_keys_on_save")
@receiver(post_delete, sender=ApiKey, dispatch_uid="cityline.open311.forget_keys_on_delete")
def _forget_changed_key(sender, **kwargs) -> None:
    # A key revoked or changed in this process stops working here at once, not after the cache time.
    forget_found_keys()
