"""``cityline voice map``: the phone line's call flow as a picture, with each prompt's speaking time."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cityline.core.models import current_jurisdiction
from cityline.voice import flowmap
from cityline.voice.speech import measured_with


class Command(BaseCommand):
    help = "The phone line: `voice map` draws the call flow with each prompt's speaking time."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="map")
        drawing = sub.add_parser("map", help="draw the call flow (Graphviz; Mermaid text if `dot` is missing)")
        drawing.add_argument(
            "--output", "-o", default="docs/telephony-flow.svg", help="file to write; its suffix names the format"
        )
        drawing.add_argument("--mermaid", action="store_true", help="write Mermaid text (.mmd) instead of a picture")
        drawing.add_argument("--no-picture", action="store_true", help="only print the timings")

    def handle(self, *args, **options):
        city = current_jurisdiction()
        if city is None:
            raise CommandError("No city is loaded: run `cityline load-pack <pack>` first.")
        self._timings(city)
        if not options["no_picture"]:
            written = flowmap.write(city, Path(options["output"]), mermaid=options["mermaid"])
            if written.suffix == ".mmd" and not options["mermaid"] and not flowmap.dot_available():
                self.stdout.write("Graphviz's `dot` is not installed: wrote Mermaid text instead.")
            self.stdout.write(f"Wrote {written}")
        late = [
            t
            for t in (flowmap.greeting_timing(city, lang) for lang in city.languages if lang in ("en", "es"))
            if not t.within_limit
        ]
        if late:
            raise CommandError(
                "The 911 sentence ends too late in: "
                + ", ".join(f"{t.language} ({t.emergency_ends_at} s)" for t in late)
            )

    def _timings(self, city) -> None:
        self.stdout.write(f"Speaking times measured with {measured_with()}.")
        for language in city.languages:
            if language not in ("en", "es"):
                continue
            timing = flowmap.greeting_timing(city, language)
            verdict = "OK" if timing.within_limit else "TOO LATE"
            self.stdout.write(
                f"Greeting ({language}): the 911 sentence ends at {timing.emergency_ends_at:.1f} s "
                f"(limit {flowmap.GREETING_LIMIT_SECONDS:.0f} s) {verdict}; the other-language offer ends at "
                f"{timing.offer_ends_at:.1f} s; whole greeting {timing.total:.1f} s."
            )
        if "es" in city.languages:
            self.stdout.write(
                "A Spanish speaker on the English greeting who presses 2 hears the Spanish 911 sentence end at "
                f"{flowmap.spanish_speaker_on_english_line(city):.1f} s."
            )
        self.stdout.write("")
        languages = [lang for lang in ("en", "es") if lang in city.languages]
        self.stdout.write("step".ljust(26) + "".join(f"{lang:>8}" for lang in languages) + "  prompt (English)")
        for prompt in flowmap.prompts(city):
            seconds = "".join(f"{prompt.seconds(lang):>7.1f}s" for lang in languages)
            self.stdout.write(f"{prompt.step:<26}{seconds}  {prompt.first_words('en', 70)}")
