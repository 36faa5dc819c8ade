"""A text conversation: what the service answers to each message, one question at a time.

A resident texts a problem ("pothole at 100 N Main St", or a photo), a question, ``STATUS`` and a
case number, ``FOLLOW`` a case, ``HELP``, ``STOP`` or ``START``, in English or Spanish. A report
asks only for what is still missing — the kind of problem if triage is unsure, the type's required
questions, the place — then opens the case. Emergency words get the 911 advice and no case.

Like the phone line, this is a thin layer: triage, the address points, ``cases.actions`` and the
opt-out list decide; this module words the replies.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from cityline.cases import numbers
from cityline.cases.actions import (
    CaseError,
    EmergencyOnly,
    MediaInput,
    RequesterInfo,
    emergency_only_notice,
    follow,
    open_case,
)
from cityline.cases.interactions import end_interaction, start_interaction
from cityline.cases.models import OPEN_STATUSES, Case, Channel, InteractionOutcome, contact_key
from cityline.catalog.answers import AnswerNotUnderstood, choices, matching_keys, questions_to_ask, read_answer
from cityline.catalog.models import AfterHours, Attribute, Datatype, ServiceType
from cityline.core import ratelimit
from cityline.core.addresses import AddressMatch, find_address
from cityline.core.geo import fold
from cityline.core.models import Jurisdiction, current_jurisdiction
from cityline.core.spoken import address_as_written, yes_or_no
from cityline.knowledge.models import Article
from cityline.triage import assess, resolve_danger_answer

from . import adapters
from .media import MediaRefused, fetch_photo
from .models import Conversation, InboundMessage, PendingPhoto

logger = logging.getLogger("cityline.sms")

LANGUAGES = ("en", "es")
MAX_TRIES = 3
MAX_PHOTOS = 5

STOP_WORDS = {"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "parar", "alto", "baja"}
START_WORDS = {"start", "unstop", "iniciar", "alta"}
HELP_WORDS = {"help", "info", "ayuda"}
STATUS_WORDS = {"status", "estado", "estatus"}
FOLLOW_WORDS = {"follow", "seguir"}
RESTART_WORDS = {"new", "nuevo", "reset", "reiniciar", "restart"}
LANGUAGE_WORDS = {"english": "en", "ingles": "en", "espanol": "es", "spanish": "es"}


@dataclass
class Incoming:
    """One text as the provider delivered it."""

    message_sid: str
    phone: str
    body: str
    media: list[tuple[str, str]] = field(default_factory=list)  # (url, declared content type)


class Chat:
    """One conversation being answered: the row, the city, the reply being written."""

    def __init__(self, conversation: Conversation, city: Jurisdiction, now: datetime, message_sid: str):
        self.conversation = conversation
        self.city = city
        self.now = now
        self.message_sid = message_sid
        self.lines: list[str] = []

    @property
    def language(self) -> str:
        return self.conversation.language

    @property
    def data(self) -> dict[str, Any]:
        return self.conversation.data

    @property
    def phone(self) -> str:
        return self.conversation.phone

    def say(self, *lines: str) -> None:
        self.lines.extend(line for line in lines if line)

    def go(self, step: str) -> None:
        self.conversation.step = step
        self.conversation.tries = 0
        ASK[step](self)

    def again(self, sorry: str = "") -> None:
        self.conversation.tries += 1
        if self.conversation.tries >= MAX_TRIES:
            self.say(
                _("Sorry, I could not understand. Please call %(short_code)s or %(phone)s and a call-taker will help.")
                % {"short_code": self.city.short_code, "phone": self.city.phone_display}
            )
            self.finish(InteractionOutcome.ABANDONED)
            return
        self.say(sorry or _("Sorry, I did not understand."))
        ASK[self.conversation.step](self)

    def interaction(self):
        if self.conversation.interaction_id is None:
            self.conversation.interaction = start_interaction(
                channel=Channel.SMS,
                language=self.language,
                contact=self.phone,
                external_id=f"sms:{self.message_sid}",
                at=self.now,
            )
        return self.conversation.interaction

    def finish(self, outcome: str, **links: Any) -> None:
        """The conversation reached an end: its interaction is ended, and the next text starts afresh."""
        interaction = self.interaction()
        end_interaction(interaction, outcome, language=self.language, at=self.now, **links)
        self.conversation.interaction = None
        self.conversation.step = "idle"
        self.conversation.tries = 0
        self.conversation.data = {}
        drop_photos(self.conversation)

    def answered(self, outcome: str, **links: Any) -> None:
        """A command (STATUS, FOLLOW) was answered. Between reports that ends the contact; in the
        middle of a report, the report goes on: its question is asked again and nothing typed is lost."""
        step = self.conversation.step
        if step == "idle":
            self.finish(outcome, **links)
            return
        self.say(_("To go on with your report:"))
        ASK[step](self)

    def switch_language(self, language: str) -> None:
        self.conversation.language = language
        translation.activate(language)


# --- wording ---------------------------------------------------------------------------------


def _service_name(code: str, language: str) -> str:
    service = ServiceType.objects.filter(code=code).first()
    return service.localized("name", language) if service else code


def _options(attribute: Attribute, language: str) -> str:
    return ", ".join(f"{index} {label}" for index, (_key, label) in enumerate(choices(attribute, language), 1))


def _date(moment: datetime, zone) -> str:
    return formats.date_format(moment.astimezone(zone), "D j M" if translation.get_language() == "es" else "D M j")


def _status_words(status: str) -> str:
    return {
        "new": _("received"),
        "acknowledged": _("acknowledged"),
        "in_progress": _("in progress"),
        "scheduled": _("scheduled"),
        "on_hold": _("on hold"),
        "closed": _("closed"),
    }.get(status, status)


def case_status_text(case: Case, language: str, zone) -> str:
    public = case.public(language)
    where = f", {public.address}" if public.address else ""
    text = _("Case %(number)s (%(service)s%(where)s): %(status)s.") % {
        "number": public.display_number,
        "service": public.service_name,
        "where": where,
        "status": _status_words(public.detailed_status),
    }
    if public.status_notes:
        note = " ".join(public.status_notes.split())
        text += " " + _("Latest: %(note)s") % {"note": note if len(note) <= 120 else note[:119] + "…"}
    if public.expected_at:
        text += " " + _("Expected by %(date)s.") % {"date": _date(public.expected_at, zone)}
    elif public.closed_at:
        text += " " + _("Closed %(date)s.") % {"date": _date(public.closed_at, zone)}
    return text


def help_text(city: Jurisdiction) -> str:
    text = _(
        "%(city)s 311: text a problem and its address, STATUS and a case number, or a question. "
        "Call %(short_code)s or %(phone)s. Emergencies: %(emergency)s. Reply STOP to opt out."
    ) % {
        "city": city.localized("short_name"),
        "short_code": city.short_code,
        "phone": city.phone_display,
        "emergency": city.emergency_number,
    }
    if city.tty:
        text += " " + _("TTY: %(tty)s.") % {"tty": city.tty}
    return text


# --- questions (what the service asks at each step) --------------------------------------------


def ask_type(chat: Chat) -> None:
    code = chat.data["report"]["candidates"][0]
    chat.say(
        _("It sounds like: %(service)s. Reply YES if that is right, or NO for other choices.")
        % {"service": _service_name(code, chat.language)}
    )


def ask_other(chat: Chat) -> None:
    others = chat.data["report"]["candidates"][1:4]
    listed = ", ".join(f"{index} {_service_name(code, chat.language)}" for index, code in enumerate(others, 1))
    chat.say(_("Which is it? Reply %(choices)s, or describe the problem again.") % {"choices": listed})


def current_question(chat: Chat) -> Attribute | None:
    """The question being asked, or None once there are no more (the type may have changed since)."""
    questions = questions_to_ask(report_service(chat))
    index = chat.data["report"]["question"]
    return questions[index] if index < len(questions) else None


def ask_attribute(chat: Chat) -> None:
    attribute = current_question(chat)
    if attribute is None:
        ask_location(chat)
        chat.conversation.step = "report_location"
        return
    question = attribute.localized("description", chat.language)
    if attribute.datatype == Datatype.SINGLEVALUELIST:
        chat.say(f"{question} " + _("Reply %(choices)s.") % {"choices": _options(attribute, chat.language)})
    elif attribute.datatype == Datatype.MULTIVALUELIST:
        chat.say(
            f"{question} "
            + _("Reply with every number that applies (e.g. 1 3): %(choices)s.")
            % {"choices": _options(attribute, chat.language)}
        )
    elif attribute.datatype == Datatype.NUMBER:
        chat.say(f"{question} " + _("Reply with a number."))
    elif attribute.datatype == Datatype.DATETIME:
        chat.say(f"{question} " + _("Reply with the day, or how many days ago (0 today, 1 yesterday)."))
    else:
        chat.say(question)


def ask_location(chat: Chat) -> None:
    chat.say(_("Where is it? Reply with the street address, e.g. 100 N Main St."))


def ask_location_confirm(chat: Chat) -> None:
    location = chat.data["report"]["location"]
    if location.get("address"):
        chat.say(_("Did you mean %(address)s? Reply YES or NO.") % {"address": location["address"]})
    else:
        chat.say(
            _(
                "I could not find %(place)s on the city's map. Reply YES to use it as written, or send the address again."
            )
            % {"place": location.get("said", "")}
        )


def ask_danger(chat: Chat) -> None:
    from cityline.triage import DANGER_QUESTION

    chat.say(DANGER_QUESTION.get(chat.language, DANGER_QUESTION["en"]))


def ask_nothing(chat: Chat) -> None:
    """The idle step asks nothing."""


ASK = {
    "idle": ask_nothing,
    "danger": ask_danger,
    "report_type": ask_type,
    "report_other": ask_other,
    "report_attribute": ask_attribute,
    "report_location": ask_location,
    "report_location_confirm": ask_location_confirm,
}


# --- moves -----------------------------------------------------------------------------------


def report_service(chat: Chat) -> ServiceType:
    return ServiceType.objects.select_related("department").get(code=chat.data["report"]["service"])


def advise(chat: Chat, advice: str) -> None:
    chat.say(advice, _("This text line is not watched for emergencies; no case was opened."))
    chat.finish(InteractionOutcome.EMERGENCY_ADVISORY)


def new_text(chat: Chat, text: str) -> None:
    """A text that starts something: an emergency, a question or a report."""
    assessment = assess(text, chat.language if chat.data.get("language_set") else None)
    if not chat.data.get("language_set") and assessment.language in chat.city.languages:
        chat.switch_language(assessment.language)
    emergency = assessment.emergency
    if emergency.level == "yes":
        advise(chat, emergency.advice)
        return
    if emergency.level == "maybe":
        chat.data["danger"] = {"text": text, "category": emergency.category}
        chat.go("danger")
        return
    if assessment.kind == "question":
        answer_question(chat, assessment)
        return
    start_report(chat, text, assessment)


def answer_question(chat: Chat, assessment: Any) -> None:
    for match in assessment.articles:
        article = Article.objects.filter(key=match.key, language=chat.language, active=True).first()
        if article is not None:
            chat.say(article.readout)
            chat.finish(InteractionOutcome.INFORMATION, article=article)
            return
    chat.say(
        _("Sorry, I do not have an answer to that. Call %(short_code)s or %(phone)s to ask a call-taker.")
        % {"short_code": chat.city.short_code, "phone": chat.city.phone_display}
    )
    chat.finish(InteractionOutcome.ABANDONED)


_HOUSE_NUMBER = re.compile(r"\b\d{1,6}[a-z]?\s+[^\W\d_][\w.' -]*", re.UNICODE)


def address_in(text: str) -> AddressMatch | None:
    """An address point named in a report ("pothole at 100 N Main St by the school")."""
    for found in _HOUSE_NUMBER.finditer(text):
        words = found.group().split()
        while len(words) >= 2:
            matches = find_address(address_as_written(" ".join(words)), limit=1)
            if matches and matches[0].quality == "exact":
                return matches[0]
            words = words[:-1]
    return None


def start_report(chat: Chat, text: str, assessment: Any) -> None:
    codes = [match.code for match in assessment.likely_services()]
    if not codes:
        chat.again(
            _("Sorry, I could not tell what the problem is. Describe it in a few words, e.g. pothole at 100 N Main St.")
        )
        return
    report: dict[str, Any] = {"description": text[:1000], "candidates": codes}
    place = address_in(text)
    if place is not None:
        report["location"] = {"address": place.address, "lat": place.lat, "lon": place.lon, "confirmed": True}
    chat.data["report"] = report
    chat.go("report_type")


def choose_service(chat: Chat, code: str) -> None:
    service = ServiceType.objects.filter(code=code, active=True).first()
    if service is None:
        chat.go("idle")
        return
    refusal = emergency_only_notice(service, chat.language, at=chat.now)
    if refusal:
        advise(chat, refusal)
        return
    notice = service.emergency_notice_text(chat.language)
    chat.say(notice)
    chat.data["report"].update(service=code, answers={}, question=0)
    next_question(chat)


def next_question(chat: Chat) -> None:
    report = chat.data["report"]
    if report["question"] < len(questions_to_ask(report_service(chat))):
        chat.go("report_attribute")
    elif not (report.get("location") or {}).get("confirmed"):
        chat.go("report_location")
    else:
        submit(chat)


def submit(chat: Chat) -> None:
    report = chat.data["report"]
    location = report.get("location") or {}
    photos = list(chat.conversation.photos.all())
    media = []
    for photo in photos:
        with photo.file.open("rb") as handle:
            media.append(
                MediaInput(
                    file=ContentFile(handle.read(), name=photo.file.name.rsplit("/", 1)[-1]),
                    content_type=photo.content_type,
                    size=photo.size,
                )
            )
    service = report_service(chat)
    try:
        case = open_case(
            service_type=service,
            channel=Channel.SMS,
            description=report.get("description", ""),
            attributes=report.get("answers", {}),
            lat=location.get("lat"),
            lon=location.get("lon"),
            address=location.get("address") or location.get("said", ""),
            language=chat.language,
            requester=RequesterInfo(phone=chat.phone, language=chat.language),
            actor="Resident (text message)",
            idempotency_key=f"sms:{chat.message_sid}",
            media=media,
            interaction=chat.interaction(),
            at=chat.now,
        )
    except EmergencyOnly as refusal:
        advise(chat, refusal.notice)
        return
    except CaseError as refusal:
        logger.info("A text report was refused: %s", refusal)
        chat.say(
            _("Sorry, the report could not be opened. Please call %(short_code)s or %(phone)s.")
            % {"short_code": chat.city.short_code, "phone": chat.city.phone_display}
        )
        chat.finish(InteractionOutcome.ABANDONED)
        return
    # Whoever reports by text hears back by text: updates to this number, without a second
    # "case opened" message (this reply says it).
    follow(case, channel="sms", address=chat.phone, language=chat.language, confirmed=True)
    where = f" ({case.address})" if case.address else ""
    chat.say(
        _("Thank you! Case %(number)s is open: %(service)s%(where)s. We will text you when it changes.")
        % {"number": case.display_number, "service": service.localized("name", chat.language), "where": where}
    )
    if case.received_after_hours and service.after_hours == AfterHours.URGENT:
        chat.say(_("It is urgent: the on-call crew is being told now."))
    if service.requires_contact:
        chat.say(
            _("%(department)s may call you at this number.")
            % {"department": case.department.localized("name", chat.language)}
        )
    chat.say(_("To check it, reply STATUS %(digits)s.") % {"digits": case.number})
    chat.finish(InteractionOutcome.CASE_OPENED, case=case, department=case.department)


# --- answers (what the service does with a reply at each step) --------------------------------


def on_danger(chat: Chat, text: str) -> None:
    danger = chat.data.get("danger") or {}
    decision = resolve_danger_answer(text, chat.language, danger.get("category", ""), chat.city.emergency_number)
    if decision.level == "yes":
        advise(chat, decision.advice)
    elif decision.level == "no":
        chat.conversation.step = "idle"
        assessment = assess(danger.get("text", ""), chat.language)
        if assessment.kind == "question":
            answer_question(chat, assessment)
        else:
            start_report(chat, danger.get("text", ""), assessment)
    else:
        chat.again()


def on_type(chat: Chat, text: str) -> None:
    answer = yes_or_no(text)
    if answer is True:
        choose_service(chat, chat.data["report"]["candidates"][0])
    elif answer is False:
        chat.go("report_other")
    elif len(text.split()) >= 2:
        new_text(chat, text)
    else:
        chat.again()


def on_other(chat: Chat, text: str) -> None:
    others = chat.data["report"]["candidates"][1:4]
    stripped = text.strip()
    if stripped.isdigit() and 1 <= int(stripped) <= len(others):
        choose_service(chat, others[int(stripped) - 1])
        return
    keys = matching_keys([(code, _service_name(code, chat.language)) for code in others], text)
    if len(keys) == 1:
        choose_service(chat, keys[0])
    elif len(stripped.split()) >= 2:
        new_text(chat, text)
    else:
        chat.again()


def on_attribute(chat: Chat, text: str) -> None:
    attribute = current_question(chat)
    if attribute is None:
        next_question(chat)
        return
    try:
        value = read_answer(attribute, text, chat.language, now=chat.now)
    except AnswerNotUnderstood:
        chat.again(_("Sorry, that is not one of the choices.") if attribute.values else "")
        return
    report = chat.data["report"]
    report["answers"][attribute.code] = value
    report["question"] += 1
    next_question(chat)


def on_location(chat: Chat, text: str) -> None:
    matches = find_address(address_as_written(text), limit=1)
    report = chat.data["report"]
    if matches and matches[0].quality == "exact":
        match = matches[0]
        report["location"] = {"address": match.address, "lat": match.lat, "lon": match.lon, "confirmed": True}
        submit(chat)
        return
    if matches:
        match = matches[0]
        report["location"] = {"address": match.address, "lat": match.lat, "lon": match.lon, "said": text[:300]}
    else:
        report["location"] = {"said": text.strip()[:300]}
    chat.go("report_location_confirm")


def on_location_confirm(chat: Chat, text: str) -> None:
    answer = yes_or_no(text)
    location = chat.data["report"]["location"]
    if answer is True:
        location["confirmed"] = True
        submit(chat)
    elif answer is False:
        if location.get("address"):
            # "Did you mean …?" "No": keep what they wrote, as written.
            chat.data["report"]["location"] = {"said": location.get("said", "")}
            chat.go("report_location_confirm")
        else:
            chat.go("report_location")
    elif len(text.strip()) > 3:
        on_location(chat, text)
    else:
        chat.again()


ANSWER = {
    "danger": on_danger,
    "report_type": on_type,
    "report_other": on_other,
    "report_attribute": on_attribute,
    "report_location": on_location,
    "report_location_confirm": on_location_confirm,
}


# --- commands --------------------------------------------------------------------------------


def on_status(chat: Chat, rest: str) -> None:
    digits = re.sub(r"\D", "", rest)
    if not digits:
        mine = list(
            Case.objects.filter(requester__phone=chat.phone, status__in=OPEN_STATUSES)
            .select_related("service_type", "department")
            .order_by("-created_at")[:3]
        )
        if not mine:
            chat.say(_("Reply STATUS and the case number, e.g. STATUS 1234 5678 90."))
            return
        for case in mine:
            chat.say(case_status_text(case, chat.language, chat.city.zone))
        chat.answered(InteractionOutcome.STATUS_GIVEN, case=mine[0])
        return
    try:
        number = numbers.parse(digits)
    except numbers.CaseNumberError:
        chat.say(_("That case number is not valid. Please check the digits and try again."))
        return
    case = Case.objects.select_related("service_type", "department").filter(number=number).first()
    if case is None:
        chat.say(_("There is no case %(number)s. Please check the number.") % {"number": numbers.grouped(number)})
        return
    chat.say(case_status_text(case, chat.language, chat.city.zone))
    chat.answered(InteractionOutcome.STATUS_GIVEN, case=case)


def on_follow(chat: Chat, rest: str) -> None:
    try:
        number = numbers.parse(re.sub(r"\D", "", rest))
    except numbers.CaseNumberError:
        chat.say(_("Reply FOLLOW and the case number, e.g. FOLLOW 1234 5678 90."))
        return
    case = Case.objects.filter(number=number).first()
    if case is None:
        chat.say(_("There is no case %(number)s. Please check the number.") % {"number": numbers.grouped(number)})
        return
    follow(case, channel="sms", address=chat.phone, language=chat.language, confirmed=True)
    chat.say(
        _("You will get a text when case %(number)s changes. Reply STOP to stop all texts.")
        % {"number": case.display_number}
    )
    chat.answered(InteractionOutcome.FOLLOWED, case=case)


# --- the entry point ---------------------------------------------------------------------------


def _keyword(body: str) -> tuple[str, str]:
    folded = fold(body).strip()
    match = re.match(r"^([a-z]+)\b[\s:.,!-]*(.*)$", folded, re.DOTALL)
    if not match:
        return "", folded
    return match.group(1), match.group(2)


def drop_photos(conversation: Conversation) -> None:
    """Photos of a report that was never completed: the rows and their files."""
    for photo in conversation.photos.all():
        photo.file.delete(save=False)
        photo.delete()


# Conversations idle this long are deleted with the sender's number (their interactions stay).
FORGET_AFTER = timedelta(days=1)


def forget_old_conversations(now: datetime, limit: int = 50) -> int:
    old = list(
        Conversation.objects.filter(expires_at__lt=now - FORGET_AFTER, step="idle", interaction=None).values_list(
            "pk", flat=True
        )[:limit]
    )
    for photo in PendingPhoto.objects.filter(conversation_id__in=old):
        photo.file.delete(save=False)
    return Conversation.objects.filter(pk__in=old).delete()[0]


def _conversation(phone: str, city: Jurisdiction, now: datetime) -> Conversation:
    conversation = Conversation.objects.select_for_update().filter(phone=phone).first()
    if conversation is None:
        conversation = Conversation(phone=phone, language=city.default_language, started_at=now)
        conversation.touch(now)
        try:
            with transaction.atomic():
                conversation.save()
        except IntegrityError:
            conversation = Conversation.objects.select_for_update().get(phone=phone)
    if conversation.expires_at <= now and (conversation.step != "idle" or conversation.interaction_id):
        # Silence for half an hour: the report was given up; it is not opened half-made.
        if conversation.interaction_id:
            end_interaction(conversation.interaction, InteractionOutcome.ABANDONED, at=conversation.updated_at)
        conversation.interaction = None
        conversation.step = "idle"
        conversation.data = {}
        conversation.tries = 0
        drop_photos(conversation)
    return conversation


def _add_photos(chat: Chat, media: list[tuple[str, str]]) -> list[str]:
    problems = []
    for url, declared in media:
        if chat.conversation.photos.count() >= MAX_PHOTOS:
            problems.append(_("Only %(count)d photos can be added to a report.") % {"count": MAX_PHOTOS})
            break
        try:
            photo = fetch_photo(url, declared)
        except MediaRefused as refusal:
            logger.info("MMS media refused: %s", refusal)
            problems.append(
                {
                    "not_image": _("That file is not a photo we can use (JPEG, PNG, GIF or WebP)."),
                    "too_large": _("That photo is too large (over %(mb)d MB).") % {"mb": _max_megabytes()},
                    "unavailable": _("That photo could not be downloaded; please send it again."),
                }[refusal.reason]
            )
            continue
        PendingPhoto.objects.create(
            conversation=chat.conversation, file=photo.content, content_type=photo.content_type, size=photo.size
        )
    return problems


def _max_megabytes() -> int:
    return max(1, settings.CITYLINE_SMS_MEDIA_MAX_BYTES // (1024 * 1024))


def receive(message: Incoming, now: datetime | None = None) -> str:
    """The reply to one incoming text ("" for none). A provider's retry gets the first reply again."""
    now = now or timezone.now()
    done = InboundMessage.objects.filter(message_sid=message.message_sid).first()
    if done is not None:
        return done.reply
    city = current_jurisdiction()
    if city is None:
        return ""
    forget_old_conversations(now)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = InboundMessage.objects.create(
                    message_sid=message.message_sid, contact_key=contact_key(message.phone), received_at=now
                )
        except IntegrityError:
            return InboundMessage.objects.get(message_sid=message.message_sid).reply
        reply = _reply(message, city, now)
        reply = adapters.fit(" ".join(reply.split()))
        record.reply = reply
        record.segments = adapters.segments(reply) if reply else 0
        record.save(update_fields=["reply", "segments"])
        return reply


def _reply(message: Incoming, city: Jurisdiction, now: datetime) -> str:
    body = (message.body or "").strip()
    staff = adapters.handle_staff_sms(message.phone, body)
    if staff is not None:
        return staff
    word, rest = _keyword(body)
    conversation = _conversation(message.phone, city, now)
    chat = Chat(conversation, city, now, message.message_sid)
    with translation.override(conversation.language):
        if word in STOP_WORDS and not rest:
            if word in {"parar", "alto", "baja"}:
                chat.switch_language("es")
            adapters.opt_out(message.phone)
            reply = _("You will get no more texts from %(city)s 311. Reply START to get texts again.") % {
                "city": city.localized("short_name")
            }
            _save(conversation, now)
            return reply
        if word in START_WORDS or (adapters.is_opted_out(message.phone) and yes_or_no(body) is True):
            adapters.opt_in(message.phone)
            _save(conversation, now)
            return _("Texts from %(city)s 311 are on again. Reply HELP for help.") % {
                "city": city.localized("short_name")
            }
        if adapters.is_opted_out(message.phone):
            _save(conversation, now)
            # An opted-out number gets no texts until it says START, except the answer to HELP.
            return help_text(city) if word in HELP_WORDS and not rest else ""
        verdict = ratelimit.hit(
            f"sms:{contact_key(message.phone)}",
            settings.CITYLINE_SMS_RATE_LIMIT,
            window=settings.CITYLINE_SMS_RATE_WINDOW_SECONDS,
            now=now.timestamp(),
        )
        if not verdict.allowed:
            _save(conversation, now)
            if verdict.count == verdict.limit + 1:
                return _(
                    "You have sent many messages in a short time. Please wait a few minutes, or call %(short_code)s."
                ) % {"short_code": city.short_code}
            return ""
        _converse(chat, message, body, word, rest)
        _save(conversation, now)
        return " ".join(chat.lines)


def _save(conversation: Conversation, now: datetime) -> None:
    conversation.touch(now)
    conversation.save()


def _converse(chat: Chat, message: Incoming, body: str, word: str, rest: str) -> None:
    if word in LANGUAGE_WORDS and not rest:
        chat.switch_language(LANGUAGE_WORDS[word])
        chat.data["language_set"] = True
        chat.say(help_text(chat.city))
        return
    if word in {"ayuda", "estado", "seguir", "nuevo"} and chat.language != "es" and not chat.data.get("language_set"):
        chat.switch_language("es")
    if word in HELP_WORDS and not rest:
        chat.say(help_text(chat.city))
        return
    if word in STATUS_WORDS:
        on_status(chat, rest)
        return
    if word in FOLLOW_WORDS:
        on_follow(chat, rest)
        return
    if word in RESTART_WORDS and not rest:
        if chat.conversation.interaction_id:
            chat.finish(InteractionOutcome.ABANDONED)
        chat.say(_("OK, let's start over. What is the problem, and where is it?"))
        return
    problems = _add_photos(chat, message.media) if message.media else []
    chat.say(*problems)
    step = chat.conversation.step
    if not body:
        if message.media and not problems:
            if step == "idle":
                chat.interaction()
                chat.say(_("Thanks for the photo. What is the problem, and where is it? E.g. pothole at 100 N Main St"))
            else:
                chat.say(_("Photo added."))
                ASK[step](chat)
        elif not message.media:
            chat.say(help_text(chat.city))
        return
    if step != "idle" and step != "danger":
        # Emergency words stop a report at any step.
        check = assess(body, chat.language).emergency if re.search(r"[^\W\d_]{3,}", body) else None
        if check is not None and check.level == "yes":
            advise(chat, check.advice)
            return
    if step == "idle":
        chat.interaction()
        new_text(chat, body)
    else:
        ANSWER[step](chat, body)
