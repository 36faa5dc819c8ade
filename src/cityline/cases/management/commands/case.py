from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from cityline.cases import actions, numbers
from cityline.cases.models import Case, ClosingReason, Status


class Command(BaseCommand):
    help = "Open, show and work cases from the command line (for operators and scripts)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="open|show|status|note|close|reopen|merge")

        opening = sub.add_parser("open", help="open a case")
        opening.add_argument("--type", required=True, dest="service_code", help="service code, e.g. pothole")
        opening.add_argument("--description", default="")
        opening.add_argument("--lat", type=float)
        opening.add_argument("--lon", type=float)
        opening.add_argument("--address", default="")
        opening.add_argument(
            "--attribute",
            action="append",
            default=[],
            metavar="CODE=VALUE",
            help="an answer; repeat for several, or for several values of a list",
        )
        opening.add_argument("--channel", default="internal")
        opening.add_argument("--language", default=None)
        opening.add_argument("--first-name", default="")
        opening.add_argument("--last-name", default="")
        opening.add_argument("--phone", default="")
        opening.add_argument("--email", default="")
        opening.add_argument("--idempotency-key", default=None)

        showing = sub.add_parser("show", help="show a case and its history")
        showing.add_argument("number")
        showing.add_argument("--json", action="store_true", help="the public form, as JSON")

        status = sub.add_parser(
            "status", help="change the status: acknowledged, in_progress, scheduled, on_hold, resume"
        )
        status.add_argument("number")
        status.add_argument("status", choices=["acknowledged", "in_progress", "scheduled", "on_hold", "resume"])
        status.add_argument("--note", default="", help="public note (the reason, for on_hold)")

        note = sub.add_parser("note", help="add a note")
        note.add_argument("number")
        note.add_argument("text")
        note.add_argument("--public", action="store_true")

        closing = sub.add_parser("close", help="close with a reason")
        closing.add_argument("number")
        closing.add_argument("--reason", required=True, choices=[r for r in ClosingReason.values if r != "duplicate"])
        closing.add_argument("--note", default="")

        reopening = sub.add_parser("reopen", help="reopen a closed case")
        reopening.add_argument("number")
        reopening.add_argument("--reason", required=True)

        merging = sub.add_parser("merge", help="close CHILD as a duplicate of PARENT")
        merging.add_argument("child")
        merging.add_argument("parent")

    def handle(self, *args, action: str, **options):
        try:
            getattr(self, f"do_{action}")(**options)
        except actions.CaseError as exc:
            raise CommandError("; ".join(f"{field}: {message}" for field, message in exc.errors.items())) from None
        except numbers.CaseNumberError as exc:
            raise CommandError(str(exc)) from None

    def _case(self, typed: str) -> Case:
        number = numbers.parse(typed)
        case = Case.objects.filter(number=number).select_related("service_type", "department").first()
        if case is None:
            raise CommandError(f"no case {numbers.grouped(number)}")
        return case

    def do_open(self, *, service_code, attribute, first_name, last_name, phone, email, **options):
        answers: dict[str, object] = {}
        for pair in attribute:
            if "=" not in pair:
                raise CommandError(f"--attribute {pair!r}: write it as CODE=VALUE")
            code, value = pair.split("=", 1)
            answers[code] = (
                [*answers[code], value]
                if isinstance(answers.get(code), list)
                else ([answers[code], value] if code in answers else value)
            )
        requester = None
        if first_name or last_name or phone or email:
            requester = actions.RequesterInfo(first_name=first_name, last_name=last_name, phone=phone, email=email)
        case = actions.open_case(
            service_type=service_code,
            channel=options["channel"],
            description=options["description"],
            attributes=answers,
            lat=options["lat"],
            lon=options["lon"],
            address=options["address"],
            language=options["language"],
            requester=requester,
            actor="Operator (command line)",
            idempotency_key=options["idempotency_key"],
        )
        self.stdout.write(
            f"Opened case {case.display_number} ({case.service_type.name}) for {case.department.name}, "
            f"due {case.sla_due_at.astimezone(case.department.calendar.zone):%a %d %b %Y %H:%M}"
        )

    def do_show(self, *, number, json: bool, **options):
        case = self._case(number)
        public = case.public()
        if json:
            from dataclasses import asdict

            self.stdout.write(_json.dumps(asdict(public), default=str, indent=2, ensure_ascii=False))
            return
        zone = case.department.calendar.zone
        self.stdout.write(f"Case {public.display_number}: {public.service_name} — {Status(case.status).label}")
        self.stdout.write(
            f"  department {public.department}; district {public.district or '-'}; channel {case.channel}"
        )
        self.stdout.write(f"  where {public.address or ''} ({public.lat}, {public.lon})")
        self.stdout.write(
            f"  opened {case.created_at.astimezone(zone):%Y-%m-%d %H:%M}; due {case.sla_due_at.astimezone(zone):%Y-%m-%d %H:%M}; "
            f"SLA {case.sla_state()}"
        )
        if public.description:
            self.stdout.write(f"  description: {public.description}")
        for event in case.events.all():
            visibility = "public" if event.public else "internal"
            self.stdout.write(
                f"  {event.at.astimezone(zone):%Y-%m-%d %H:%M} {event.kind:<16} {visibility:<8} {event.who}: {event.note}"
            )

    def do_status(self, *, number, status, note, **options):
        case = self._case(number)
        actor = "Operator (command line)"
        if status == "on_hold":
            case = actions.hold(case, reason=note, actor=actor)
        elif status == "resume":
            case = actions.resume(case, actor=actor, note=note)
        else:
            case = actions.change_status(case, status, actor=actor, note=note)
        self.stdout.write(f"Case {case.display_number} is now {Status(case.status).label.lower()}")

    def do_note(self, *, number, text, public, **options):
        case = actions.add_note(self._case(number), text, public=public, actor="Operator (command line)")
        self.stdout.write(f"Note added to case {case.display_number}")

    def do_close(self, *, number, reason, note, **options):
        case = actions.close(self._case(number), reason=reason, note=note, actor="Operator (command line)")
        self.stdout.write(f"Case {case.display_number} closed ({'on time' if case.closed_on_time else 'late'})")

    def do_reopen(self, *, number, reason, **options):
        case = actions.reopen(self._case(number), reason=reason, actor="Operator (command line)")
        self.stdout.write(f"Case {case.display_number} reopened")

    def do_merge(self, *, child, parent, **options):
        parent_case = actions.merge(self._case(child), self._case(parent), actor="Operator (command line)")
        self.stdout.write(f"Case {numbers.grouped(numbers.parse(child))} merged into {parent_case.display_number}")


_json = json
