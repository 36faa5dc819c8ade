"""`cityline api-key create NAME` / `list` / `revoke KEY-OR-PREFIX`: keys for Open311 clients."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cityline.open311.models import ApiKey, hash_key


class Command(BaseCommand):
    help = "Create, list and revoke the API keys Open311 apps use to create requests."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{create,list,revoke}")
        create = actions.add_parser("create", help="create a key and print it (once)")
        create.add_argument("name", help="who the key is for: the app or organisation")
        create.add_argument("--contact", default="", help="whom to call about the key")
        create.add_argument(
            "--rate-limit", type=int, default=None, help="requests a minute (default OPEN311_RATE_LIMIT)"
        )
        listing = actions.add_parser("list", help="list keys (never the keys themselves)")
        listing.add_argument("--all", action="store_true", help="include revoked keys")
        revoke = actions.add_parser("revoke", help="revoke a key at once")
        revoke.add_argument("key", help="the key, or its prefix as `api-key list` shows it")

    def handle(self, *args, action: str, **options):
        getattr(self, f"_{action}")(**options)

    def _create(self, *, name: str, contact: str, rate_limit: int | None, **options) -> None:
        if not name.strip():
            raise CommandError("give the key a name: who it is for")
        if rate_limit is not None and rate_limit < 1:
            raise CommandError("--rate-limit must be at least 1 request a minute")
        key, secret = ApiKey.issue(name, contact=contact, rate_limit=rate_limit)
        self.stderr.write(f"API key for {key.name} (prefix {key.prefix}). It is shown only now; keep it safe:")
        self.stdout.write(secret)

    def _list(self, *, all: bool, **options) -> None:
        keys = ApiKey.objects.all() if all else ApiKey.objects.active()
        if not keys:
            self.stdout.write("No API keys yet. Create one with: cityline api-key create NAME")
            return
        zone = timezone.get_current_timezone()
        self.stdout.write(f"{'prefix':<14} {'name':<30} {'per minute':>10}  {'created':<16}  {'last used':<16}  state")
        for key in keys:
            created = key.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
            used = key.last_used_at.astimezone(zone).strftime("%Y-%m-%d %H:%M") if key.last_used_at else "never"
            limit = key.rate_limit or settings.OPEN311_RATE_LIMIT
            state = "active" if key.is_active else f"revoked {key.revoked_at:%Y-%m-%d}"
            self.stdout.write(f"{key.prefix:<14} {key.name[:30]:<30} {limit:>10}  {created:<16}  {used:<16}  {state}")

    def _revoke(self, *, key: str, **options) -> None:
        text = key.strip()
        matches = list(ApiKey.objects.active().filter(key_hash=hash_key(text)))
        if not matches:
            matches = list(ApiKey.objects.active().filter(prefix=text))
        if not matches:
            raise CommandError(f"no active key {text!r}; `cityline api-key list` shows the prefixes")
        if len(matches) > 1:
            raise CommandError(f"{len(matches)} keys start with {text!r}; give the whole key")
        matches[0].revoke()
        self.stdout.write(f"Revoked the key of {matches[0].name} ({matches[0].prefix}…). Calls with it now get 403.")
