"""``cityline sms``: text the service as a phone would, over real HTTP, one message per input line.

    printf 'pothole at 100 N Main St\\nyes\\n2\\n' | cityline sms --url https://311.example.org --from +16205550123

A line ``photo: URL [TYPE]`` sends a picture (MMS) instead; ``photo: URL | words`` sends both.
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cityline.sms.simulator import TextError, TextingPhone


class Command(BaseCommand):
    help = "Send texts to the SMS webhook as the provider would (signed requests), one per line of stdin."

    def add_arguments(self, parser):
        parser.add_argument("--url", required=True, help="the site's public address, CITYLINE_SITE_URL of the server")
        parser.add_argument("--from", dest="phone", required=True, help="the sender's number (E.164)")
        parser.add_argument("--to", default="+16205550100", help="the city's number")
        parser.add_argument("--token", default=None, help="the auth token (default: TWILIO_AUTH_TOKEN)")

    def handle(self, *args, **options):
        token = options["token"] if options["token"] is not None else settings.TWILIO_AUTH_TOKEN
        if not token:
            raise CommandError("Set TWILIO_AUTH_TOKEN (the same as the server's) or pass --token to sign the requests.")
        phone = TextingPhone(options["url"], phone=options["phone"], to=options["to"], token=token)
        interactive = sys.stdin.isatty()
        while True:
            if interactive:
                self.stdout.write("> ", ending="")
                self.stdout.flush()
            line = sys.stdin.readline()
            if not line:
                break
            line = line.rstrip("\n")
            if not interactive:
                self.stdout.write(f"> {line}")
            body, media = self._parse(line)
            try:
                replies = phone.send(body, media)
            except TextError as exc:
                raise CommandError(str(exc)) from exc
            for reply in replies:
                self.stdout.write(f"< {reply}")
            if not replies:
                self.stdout.write("< (no reply)")

    @staticmethod
    def _parse(line: str) -> tuple[str, list[tuple[str, str]]]:
        if not line.lower().startswith("photo:"):
            return line, []
        spec, _bar, words = line[len("photo:") :].partition("|")
        parts = spec.split()
        if not parts:
            return words.strip(), []
        url = parts[0]
        content_type = parts[1] if len(parts) > 1 else "image/jpeg"
        return words.strip(), [(url, content_type)]
