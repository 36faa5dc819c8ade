"""``cityline call``: play the phone provider's part of a call, over real HTTP, from a keyboard or a script.

Each line read from standard input answers what the line waits for:

    1, 2#, 1234567890#   keys pressed (digits, * and #)
    any other words      speech (what the provider's recogniser would send)
    an empty line        silence (no answer before the time-out)
    hangup               the caller hangs up
At the tone, the line is the voicemail message (empty: nothing said). The end of input hangs up.

    printf '1\\npothole on main street\\n1\\n' | cityline call --url https://311.example.org
"""

from __future__ import annotations

import re
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cityline.voice.simulator import PhoneCall, SimulatorError

KEYS = re.compile(r"^[0-9*#]+$")


class Command(BaseCommand):
    help = "Call the phone line's webhooks as the provider would (signed requests), reading answers from stdin."

    def add_arguments(self, parser):
        parser.add_argument("--url", required=True, help="the site's public address, CITYLINE_SITE_URL of the server")
        parser.add_argument(
            "--from", dest="caller", default="+16205550123", help="the caller ID (E.164); '' withholds it"
        )
        parser.add_argument("--to", default="+16205550100", help="the number called")
        parser.add_argument("--lang", choices=["en", "es"], default="en", help="es calls the Spanish-language line")
        parser.add_argument("--token", default=None, help="the auth token (default: TWILIO_AUTH_TOKEN)")
        parser.add_argument(
            "--transfer-result",
            default="completed",
            choices=["completed", "no-answer", "busy", "failed"],
            help="how a transfer ends (default: answered)",
        )

    def handle(self, *args, **options):
        token = options["token"] if options["token"] is not None else settings.TWILIO_AUTH_TOKEN
        if not token:
            raise CommandError("Set TWILIO_AUTH_TOKEN (the same as the server's) or pass --token to sign the requests.")
        call = PhoneCall(
            options["url"],
            caller=options["caller"],
            to=options["to"],
            token=token,
            transfer_result=options["transfer_result"],
        )
        interactive = sys.stdin.isatty()
        self.stdout.write(f"Calling {options['url']} from {options['caller'] or '(withheld)'} — call {call.call_sid}")
        try:
            heard = call.dial(spanish_line=options["lang"] == "es")
            while True:
                self._show(heard)
                if heard.ended or heard.queued:
                    break
                line = self._read(heard.waiting_for, interactive)
                if line is None or line.strip().lower() in {"hangup", "hang up", "bye"}:
                    self.stdout.write("(the caller hangs up)")
                    call.hang_up()
                    break
                answer = line.strip().strip("\"'")
                if heard.waiting_for == "a message":
                    heard = call.leave_message(answer)
                elif not answer:
                    heard = call.silence()
                elif KEYS.match(answer.replace(" ", "")):
                    heard = call.press(answer.replace(" ", ""))
                else:
                    heard = call.say(answer)
            if heard.queued:
                self.stdout.write("(waiting in the queue for a call-taker; the simulation ends here)")
                call.hang_up()
        except SimulatorError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Call ended after {call.requests} requests.")

    def _show(self, heard) -> None:
        for language, text in heard.says:
            self.stdout.write(f"  Say ({language}): {text}")
        for number in heard.dialled:
            self.stdout.write(f"  Transfer to {number}")
        if heard.queued:
            self.stdout.write(f"  Queue: {heard.queued}")

    def _read(self, waiting_for: str, interactive: bool) -> str | None:
        prompt = {"a message": "message after the tone"}.get(waiting_for, waiting_for or "answer")
        if interactive:
            self.stdout.write(f"[{prompt}] > ", ending="")
            self.stdout.flush()
        line = sys.stdin.readline()
        if not line:
            return None
        if not interactive:
            self.stdout.write(f"[{prompt}] > {line.rstrip()}")
        return line.rstrip("\n")
