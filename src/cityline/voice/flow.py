"""The call flow: what the phone line says at each step and where each answer leads.

Each step is a small class registered in :data:`STEPS`: ``prompt`` says what the caller hears,
``handle`` reads the keys or words they answered and returns what happens next (see ``turns.py``).
The steps are a thin layer over the domain — triage decides emergencies and service types, the
business calendar decides "open" and "closed", ``cases.actions.open_case`` opens the case — and
every rule about what to do lives there, not here.

``edges`` name where a step can lead, for the flow map (``cityline voice map``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cityline.cases import numbers
from cityline.cases.actions import CaseError, EmergencyOnly, RequesterInfo, emergency_only_notice, open_case
from cityline.cases.models import OPEN_STATUSES, Case, Channel, InteractionOutcome
from cityline.catalog.answers import AnswerNotUnderstood, choices, matching_keys, questions_to_ask, read_answer
from cityline.catalog.models import AfterHours, Attribute, Datatype, ServiceType
from cityline.core.addresses import find_address
from cityline.core.models import Jurisdiction
from cityline.core.phones import PhoneNumberError, to_e164
from cityline.core.spoken import address_as_written, digits_in, yes_or_no
from cityline.directory.models import Department
from cityline.knowledge.models import Article
from cityline.notify import optout
from cityline.triage import assess, resolve_danger_answer

from . import lookup, texts, words
from .models import CallSession
from .speech import address_for_speech, is_mobile_number, last_digits, phone_for_speech
from .turns import Ask, Dial, Enqueue, Hangup, Record, Said, Speech, Turn

# "Prompt again twice, then a person": the third unanswered or not understood prompt hands over.
MAX_TRIES = 3
LANGUAGES = ("en", "es")
SPEECH_LANGUAGE = {"en": "en-US", "es": "es-US"}
PER_PAGE = 8

# When a call did several things, the interaction keeps the one that matters most.
_OUTCOME_WEIGHT = {
    InteractionOutcome.INFORMATION: 1,
    InteractionOutcome.STATUS_GIVEN: 2,
    InteractionOutcome.TRANSFER: 3,
    InteractionOutcome.VOICEMAIL: 4,
    InteractionOutcome.CASE_OPENED: 5,
    InteractionOutcome.EMERGENCY_ADVISORY: 6,
}


@dataclass
class Reply:
    """What the caller answered to a prompt: keys, words (the provider's transcript), or nothing."""

    digits: str = ""
    speech: str = ""
    params: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.speech.strip() or self.digits.strip()

    @property
    def empty(self) -> bool:
        return not self.text


class Call:
    """One call in progress: its session row, the city, and the moves a step can make."""

    def __init__(self, session: CallSession, city: Jurisdiction, now: datetime):
        self.session = session
        self.city = city
        self.now = now
        # Rows read once per request (the service type being reported and its questions).
        self.memo: dict[str, Any] = {}

    # --- state ----------------------------------------------------------------------------------

    @property
    def language(self) -> str:
        return self.session.language

    @property
    def data(self) -> dict[str, Any]:
        return self.session.data

    @property
    def caller(self) -> str:
        return self.session.caller

    @property
    def local_now(self) -> datetime:
        return self.now.astimezone(self.city.zone)

    @property
    def can_text(self) -> bool:
        """Offer to text this caller? A number that can take texts and has not replied STOP."""
        if "can_text" not in self.memo:
            self.memo["can_text"] = is_mobile_number(self.caller) and not optout.is_opted_out(self.caller)
        return self.memo["can_text"]

    def switch_language(self, language: str) -> None:
        self.session.language = language
        translation.activate(language)
        self.note(f"language: {language}")

    def note(self, entry: str) -> None:
        self.session.path = [*self.session.path, entry[:80]][-100:]

    def achieve(
        self,
        outcome: str,
        *,
        case: Case | None = None,
        department: Department | None = None,
        article: Article | None = None,
    ) -> None:
        """Record what the call achieved; the interaction is ended with the weightiest one."""
        if _OUTCOME_WEIGHT[outcome] >= _OUTCOME_WEIGHT.get(self.session.outcome, 0):
            self.session.outcome = outcome
        if case is not None:
            self.session.case = case
        if department is not None:
            self.session.department = department
        if article is not None:
            self.session.article = article

    # --- moves ----------------------------------------------------------------------------------

    def go(self, step: str, *says: Said) -> Turn:
        """Move to ``step`` and say its prompt, after ``says``."""
        self.session.step = step
        self.session.tries = 0
        return STEPS[step].enter(self, list(says))

    def again(self, sorry: str = "") -> Turn:
        """The answer was missing or not understood: ask once more, or after the third time, hand over."""
        self.session.tries += 1
        if self.session.tries >= MAX_TRIES:
            self.note("gave up")
            return self.go("person", _("Let me connect you with someone who can help."))
        step = STEPS[self.session.step]
        return step.enter(self, [sorry or _("Sorry, I did not get that.")])

    def goodbye(self, *says: Said) -> Turn:
        return Hangup([*says, _("Thank you for calling %(city)s 3 1 1. Goodbye.") % {"city": self.city_name}])

    @property
    def city_name(self) -> str:
        return self.city.localized("name", self.language)

    def emergency_sentence(self) -> str:
        return _("If this is an emergency, hang up and dial %(number)s.") % {"number": self.city.emergency_number}


STEPS: dict[str, Step] = {}


def step(cls: type[Step]) -> type[Step]:
    STEPS[cls.name] = cls()
    return cls


class Step:
    name: ClassVar[str] = ""
    title: ClassVar[str] = ""
    # Where an answer can lead, for the flow map: {label: step name}.
    edges: ClassVar[dict[str, str]] = {}
    # Keying 0 reaches a person from any step that does not take numbers.
    zero_for_person: ClassVar[bool] = True

    def enter(self, call: Call, says: list[Said]) -> Turn:
        return Ask([*says, *self.prompt(call)], step=self.name, **self.gather(call))

    def prompt(self, call: Call) -> list[Said]:
        return []

    def gather(self, call: Call) -> dict[str, Any]:
        return {}

    def handle(self, call: Call, reply: Reply) -> Turn:
        raise NotImplementedError

    def example(self, call: Call) -> None:
        """Fill ``call.data`` with a typical state, so the flow map can say this step's prompt."""


# --- shared moves ---------------------------------------------------------------------------------


def advisory(call: Call, advice: str) -> Turn:
    """The 911 advice, and the call ends politely: no case is opened."""
    call.note("911 advisory")
    call.achieve(InteractionOutcome.EMERGENCY_ADVISORY)
    return Hangup([advice, _("Goodbye.")])


def after_triage(call: Call, text: str, then: str) -> Turn:
    """A caller's own words: 911 advice, the danger question, or on to ``then`` (report, information, auto)."""
    assessment = assess(text, call.language)
    emergency = assessment.emergency
    if emergency.level == "yes":
        return advisory(call, emergency.advice)
    if emergency.level == "maybe":
        call.data["danger"] = {"text": text, "category": emergency.category, "then": then}
        return call.go("danger")
    return carry_on(call, text, then, assessment)


def carry_on(call: Call, text: str, then: str, assessment: Any = None) -> Turn:
    assessment = assessment or assess(text, call.language)
    if then == "information" or (then == "auto" and assessment.kind == "question"):
        return answer_question(call, assessment)
    return start_report(call, text, assessment)


def start_report(call: Call, text: str, assessment: Any) -> Turn:
    codes = [match.code for match in assessment.likely_services()]
    if not codes:
        call.note("report: not understood")
        return call.again(_("Sorry, I could not tell what kind of problem that is."))
    call.data["report"] = {"description": text[:1000], "candidates": codes}
    call.note(f"triage: {codes[0]}")
    return call.go("report_type")


def answer_question(call: Call, assessment: Any) -> Turn:
    for match in assessment.articles:
        article = Article.objects.filter(key=match.key, language=call.language, active=True).first()
        if article is None:
            article = Article.objects.filter(slug=match.slug, active=True).first()
        if article is not None:
            call.data["article"] = article.pk
            call.memo["article"] = article
            call.data.pop("texted", None)
            call.note(f"article: {article.key}")
            call.session.step = "information"
            return call.go("information_answer")
    call.note("information: no answer")
    call.session.step = "information"
    return call.again(_("Sorry, I do not have an answer to that. Please ask it another way."))


def choose_service(call: Call, code: str) -> Turn:
    service = lookup.active_service(code)
    if service is None:
        return call.go("report_describe")
    call.note(f"service: {code}")
    refusal = emergency_only_notice(service, call.language, at=call.now)
    if refusal:
        return advisory(call, refusal)
    notice = service.emergency_notice_text(call.language)
    report = call.data.setdefault("report", {})
    report.update(service=code, answers={}, question=0)
    return next_question(call, *([notice] if notice else []))


def report_service(call: Call) -> ServiceType:
    """The service type being reported, with its questions."""
    return lookup.service(call.data["report"]["service"])


def next_question(call: Call, *says: Said) -> Turn:
    report = call.data["report"]
    questions = questions_to_ask(report_service(call))
    if report.get("question", 0) < len(questions):
        return call.go("report_attribute", *says)
    return call.go("report_location", *says)


def after_location(call: Call) -> Turn:
    service = report_service(call)
    if service.requires_contact and not call.data["report"].get("phone"):
        return call.go("report_contact" if call.caller else "report_contact_number")
    return submit_report(call)


def submit_report(call: Call) -> Turn:
    report = call.data["report"]
    location = report.get("location") or {}
    phone = report.get("phone", "")
    try:
        case = open_case(
            # The type as this process keeps it (with its questions and department), as Open311 does.
            service_type=report_service(call),
            channel=Channel.IVR,
            description=report.get("description", ""),
            attributes=report.get("answers", {}),
            lat=location.get("lat"),
            lon=location.get("lon"),
            address=location.get("address") or location.get("said", ""),
            language=call.language,
            requester=RequesterInfo(phone=phone, language=call.language, contact_preference="phone") if phone else None,
            actor="Resident (phone line)",
            idempotency_key=f"ivr:{call.session.call_sid}",
            interaction=call.session.interaction,
            at=call.now,
        )
    except EmergencyOnly as refusal:
        return advisory(call, refusal.notice)
    except CaseError as refusal:
        call.note(f"case refused: {', '.join(refusal.errors)}")
        return call.go("person", _("I am sorry, I could not open the case."))
    call.achieve(InteractionOutcome.CASE_OPENED, case=case, department=case.department)
    call.note("case opened")
    call.data["case"] = case.number
    call.data.pop("texted", None)
    return call.go("case_number", _("Thank you."), *case_number_says(call, case))


def page(items: list[Any], number: int) -> tuple[list[Any], bool]:
    start = number * PER_PAGE
    return items[start : start + PER_PAGE], len(items) > start + PER_PAGE


def list_prompt(labels: list[str], more: bool) -> list[Said]:
    said = [_("Press %(key)d for %(label)s.") % {"key": index, "label": label} for index, label in enumerate(labels, 1)]
    if more:
        said.append(_("Press 9 for more choices."))
    return said


# --- the steps ---------------------------------------------------------------------------------


@step
class Greeting(Step):
    name = "greeting"
    title = "Greeting"
    edges = {"2 (español) / 1 (English)": "menu", "no key": "menu"}

    def prompt(self, call: Call) -> list[Said]:
        said: list[Said] = [
            f"{call.city_name}, 3 1 1.",
            call.emergency_sentence(),
        ]
        if call.language == "en" and "es" in call.city.languages:
            said.append(Speech("Para español, oprima 2.", "es"))
        elif call.language == "es" and "en" in call.city.languages:
            said.append(Speech("For English, press 1.", "en"))
        return said

    def gather(self, call: Call) -> dict[str, Any]:
        return {"input": "dtmf", "timeout": 2}

    def handle(self, call: Call, reply: Reply) -> Turn:
        other = "es" if call.language == "en" else "en"
        wanted = {"en": "2", "es": "1"}[call.language]
        if reply.digits == wanted and other in call.city.languages:
            call.switch_language(other)
            return call.go("menu", call.emergency_sentence())
        if reply.digits:
            call.session.step = "menu"
            return STEPS["menu"].handle(call, reply)
        return call.go("menu")


@step
class Menu(Step):
    name = "menu"
    title = "Main menu"
    edges = {
        "1": "report_describe",
        "2": "status",
        "3": "directory",
        "4": "information",
        "0": "person",
        "7": "language_line",
        "speech: emergency": "advisory",
        "speech: maybe an emergency": "danger",
        "speech: problem": "report_type",
        "speech: question": "information_answer",
        "speech: a department": "directory_found",
    }

    def prompt(self, call: Call) -> list[Said]:
        said: list[Said] = []
        if not call.data.get("menu_heard"):
            notice = words.opening_notice(call.city.calendar, call.now)
            if notice:
                said += [notice, _("You can still report a problem or check on a case here, at any hour.")]
            call.data["menu_heard"] = True
        said.append(
            _(
                "Tell me in a few words how I can help. Or press 1 to report a problem, 2 to check on a case, "
                "3 for a city department, 4 for information, or 0 to talk to a person."
            )
        )
        if call.city.language_line:
            said.append(_("For an interpreter in another language, press 7."))
        return said

    def gather(self, call: Call) -> dict[str, Any]:
        return {"hints": [_("report a problem"), _("case status"), _("department"), _("question")]}

    def handle(self, call: Call, reply: Reply) -> Turn:
        choice = {"1": "report_describe", "2": "status", "3": "directory", "4": "information"}.get(reply.digits)
        if choice:
            call.note(f"menu: {reply.digits}")
            return call.go(choice)
        if reply.digits == "7" and call.city.language_line:
            call.note("menu: 7")
            return call.go("language_line")
        if reply.speech:
            call.note("menu: speech")
            department = lookup.find_department(reply.speech, explicit=True)
            if department is not None:
                call.data["department"] = department.pk
                return call.go("directory_found")
            return after_triage(call, reply.speech, "auto")
        return call.again()


@step
class Danger(Step):
    name = "danger"
    title = "Is anyone in danger?"
    edges = {"yes / not sure": "advisory", "no": "report_type", "unclear twice": "person"}

    def prompt(self, call: Call) -> list[Said]:
        from cityline.triage import DANGER_QUESTION

        return [DANGER_QUESTION.get(call.language, DANGER_QUESTION["en"]), _("Press 1 for yes, 2 for no.")]

    def example(self, call: Call) -> None:
        call.data["danger"] = {"text": "smoke down the street", "category": "fire", "then": "report"}

    def handle(self, call: Call, reply: Reply) -> Turn:
        danger = call.data.get("danger") or {}
        if reply.empty:
            return call.again()
        decision = resolve_danger_answer(
            reply.text, call.language, danger.get("category", ""), call.city.emergency_number
        )
        if decision.level == "yes":
            return advisory(call, decision.advice)
        if decision.level == "no":
            call.note("danger: no")
            return carry_on(call, danger.get("text", ""), danger.get("then", "report"))
        if call.session.tries >= 1:
            # Asked twice and still neither yes nor no: a person decides, or after hours the
            # caller hears the 911 advice once more and the report goes on.
            if call.city.calendar.is_open(call.now):
                return call.go("person")
            call.note("danger: unclear")
            call.session.tries = 0
            said = carry_on(call, danger.get("text", ""), danger.get("then", "report"))
            said.says.insert(0, call.emergency_sentence())
            return said
        return call.again()


@step
class ReportDescribe(Step):
    name = "report_describe"
    title = "Describe the problem"
    edges = {"speech": "report_type", "1 (a list)": "report_group", "emergency": "advisory", "maybe": "danger"}

    def prompt(self, call: Call) -> list[Said]:
        return [
            _(
                "In a few words, what is the problem? For example: a pothole, a streetlight that is out, "
                "or water coming up from the street. To choose from a list instead, press 1."
            )
        ]

    def gather(self, call: Call) -> dict[str, Any]:
        return {"hints": [_("pothole"), _("streetlight"), _("water main break"), _("trash")]}

    def handle(self, call: Call, reply: Reply) -> Turn:
        if reply.digits == "1":
            call.data["page"] = 0
            return call.go("report_group")
        if reply.speech:
            return after_triage(call, reply.speech, "report")
        return call.again()


@step
class ReportType(Step):
    name = "report_type"
    title = "It sounds like …"
    edges = {"1 (yes)": "report_attribute", "2 (no)": "report_other"}

    def example(self, call: Call) -> None:
        call.data["report"] = {"candidates": _example_codes(), "description": "a big pothole"}

    def prompt(self, call: Call) -> list[Said]:
        code = call.data["report"]["candidates"][0]
        service = lookup.service(code)
        return [
            _("It sounds like: %(service)s. Press 1 if that is right, or 2 for other choices.")
            % {"service": service.localized("name", call.language)}
        ]

    def handle(self, call: Call, reply: Reply) -> Turn:
        answer = yes_or_no(reply.text)
        if answer is True:
            return choose_service(call, call.data["report"]["candidates"][0])
        if answer is False:
            return call.go("report_other")
        return call.again()


def _example_codes() -> list[str]:
    return list(ServiceType.objects.filter(active=True).values_list("code", flat=True)[:4])


@step
class ReportOther(Step):
    name = "report_other"
    title = "Other choices"
    edges = {"1–3": "report_attribute", "8 (the full list)": "report_group", "9 (describe again)": "report_describe"}

    def example(self, call: Call) -> None:
        ReportType().example(call)

    def _others(self, call: Call) -> list[ServiceType]:
        codes = call.data["report"]["candidates"][1:4]
        found = lookup.active_services()
        return [found[code] for code in codes if code in found]

    def prompt(self, call: Call) -> list[Said]:
        others = self._others(call)
        said = list_prompt([s.localized("name", call.language) for s in others], more=False)
        said.append(_("Press 8 to choose from the full list, or 9 to describe the problem again."))
        return said

    def handle(self, call: Call, reply: Reply) -> Turn:
        others = self._others(call)
        if reply.digits.isdigit() and 1 <= int(reply.digits) <= len(others):
            return choose_service(call, others[int(reply.digits) - 1].code)
        if reply.digits == "8":
            call.data["page"] = 0
            return call.go("report_group")
        if reply.digits == "9":
            return call.go("report_describe")
        if reply.speech:
            keys = matching_keys([(s.code, s.localized("name", call.language)) for s in others], reply.speech)
            if len(keys) == 1:
                return choose_service(call, keys[0])
        return call.again()


def _groups(language: str) -> list[tuple[str, str]]:
    """(group in the city's first language, group in the caller's) of the active service types, in catalog order."""
    return lookup.groups(language)


@step
class ReportGroup(Step):
    name = "report_group"
    title = "Choose a kind of problem"
    edges = {"1–8": "report_pick", "9": "report_group"}

    def prompt(self, call: Call) -> list[Said]:
        shown, more = page(_groups(call.language), call.data.get("page", 0))
        return list_prompt([label for _key, label in shown], more)

    def handle(self, call: Call, reply: Reply) -> Turn:
        shown, more = page(_groups(call.language), call.data.get("page", 0))
        if reply.digits == "9" and more:
            call.data["page"] = call.data.get("page", 0) + 1
            return call.go("report_group")
        picked = None
        if reply.digits.isdigit() and 1 <= int(reply.digits) <= len(shown):
            picked = shown[int(reply.digits) - 1][0]
        elif reply.speech:
            keys = matching_keys(shown, reply.speech)
            picked = keys[0] if len(keys) == 1 else None
        if picked is None:
            return call.again()
        call.data["group"] = picked
        call.data["page"] = 0
        return call.go("report_pick")


@step
class ReportPick(Step):
    name = "report_pick"
    title = "Choose the problem"
    edges = {"1–8": "report_attribute", "9": "report_pick"}

    def example(self, call: Call) -> None:
        call.data["group"] = _groups("en")[0][0]

    def _services(self, call: Call) -> list[ServiceType]:
        group = call.data.get("group")
        return [s for s in lookup.active_services().values() if s.group == group]

    def prompt(self, call: Call) -> list[Said]:
        shown, more = page(self._services(call), call.data.get("page", 0))
        return list_prompt([s.localized("name", call.language) for s in shown], more)

    def handle(self, call: Call, reply: Reply) -> Turn:
        shown, more = page(self._services(call), call.data.get("page", 0))
        if reply.digits == "9" and more:
            call.data["page"] = call.data.get("page", 0) + 1
            return call.go("report_pick")
        if reply.digits.isdigit() and 1 <= int(reply.digits) <= len(shown):
            call.data.setdefault("report", {"description": ""})
            return choose_service(call, shown[int(reply.digits) - 1].code)
        if reply.speech:
            keys = matching_keys([(s.code, s.localized("name", call.language)) for s in shown], reply.speech)
            if len(keys) == 1:
                call.data.setdefault("report", {"description": ""})
                return choose_service(call, keys[0])
        return call.again()


def current_question(call: Call) -> Attribute | None:
    """The question being asked, or None once there are no more (the type may have changed since)."""
    questions = questions_to_ask(report_service(call))
    index = call.data["report"]["question"]
    return questions[index] if index < len(questions) else None


@step
class ReportAttribute(Step):
    name = "report_attribute"
    title = "The type's questions"
    edges = {"answer": "report_attribute", "last answer": "report_location"}
    zero_for_person = False

    def example(self, call: Call) -> None:
        service = next(s for s in ServiceType.objects.filter(active=True) if questions_to_ask(s))
        call.data["report"] = {"service": service.code, "answers": {}, "question": 0}

    def enter(self, call: Call, says: list[Said]) -> Turn:
        if current_question(call) is None:
            return call.go("report_location", *says)
        return super().enter(call, says)

    def prompt(self, call: Call) -> list[Said]:
        attribute = current_question(call)
        question = attribute.localized("description", call.language)
        if attribute.datatype in (Datatype.SINGLEVALUELIST, Datatype.MULTIVALUELIST):
            options = [label for _key, label in choices(attribute, call.language)]
            said: list[Said] = [question, *list_prompt(options, more=False)]
            if attribute.datatype == Datatype.MULTIVALUELIST:
                said.append(_("Press all the numbers that apply, then the pound key."))
            return said
        if attribute.datatype == Datatype.NUMBER:
            return [question, _("Key the number, then press the pound key.")]
        if attribute.datatype == Datatype.DATETIME:
            return [question, _("Key how many days ago, then the pound key: 0 for today, 1 for yesterday.")]
        return [question, _("Please say your answer.")]

    def gather(self, call: Call) -> dict[str, Any]:
        attribute = current_question(call)
        if attribute.datatype == Datatype.SINGLEVALUELIST and len(attribute.values) <= 9:
            return {}
        if attribute.datatype in (Datatype.STRING, Datatype.TEXT):
            return {"input": "speech", "num_digits": None}
        return {"num_digits": None, "finish_on_key": "#", "timeout": 8}

    def handle(self, call: Call, reply: Reply) -> Turn:
        attribute = current_question(call)
        if attribute is None:
            return next_question(call)
        try:
            value = read_answer(attribute, reply.text.rstrip("#"), call.language, now=call.now)
        except AnswerNotUnderstood:
            if reply.empty:
                return call.again()
            return call.again(_("Sorry, that is not one of the choices."))
        report = call.data["report"]
        report["answers"][attribute.code] = value
        report["question"] += 1
        call.note(f"answer: {attribute.code}")
        return next_question(call)


@step
class ReportLocation(Step):
    name = "report_location"
    title = "Where is it?"
    edges = {"speech": "report_location_confirm"}

    def example(self, call: Call) -> None:
        ReportAttribute().example(call)

    def prompt(self, call: Call) -> list[Said]:
        return [
            _("Where is it? Please say the street address, with the house number, or the two nearest cross streets.")
        ]

    def gather(self, call: Call) -> dict[str, Any]:
        return {"input": "speech", "num_digits": None, "timeout": 8}

    def handle(self, call: Call, reply: Reply) -> Turn:
        said = reply.speech.strip()
        if not said:
            return call.again()
        matches = find_address(address_as_written(said), limit=1)
        if matches:
            match = matches[0]
            location = {"address": match.address, "lat": match.lat, "lon": match.lon, "quality": match.quality}
        else:
            location = {"said": said[:300]}
        call.data["report"]["location"] = location
        call.note("location: " + ("found" if matches else "as said"))
        return call.go("report_location_confirm")


@step
class ReportLocationConfirm(Step):
    name = "report_location_confirm"
    title = "Is that the place?"
    edges = {"1 (yes)": "report_contact", "2 (say it again)": "report_location"}

    def example(self, call: Call) -> None:
        ReportAttribute().example(call)
        call.data["report"]["location"] = {"address": "100 N Main St", "quality": "exact"}

    def prompt(self, call: Call) -> list[Said]:
        location = call.data["report"]["location"]
        if location.get("address"):
            spoken = address_for_speech(location["address"])
            # "near": the street spelled or said a little differently, the same house number.
            if location.get("quality") in ("exact", "near", "geocoder"):
                first = _("I found %(address)s.") % {"address": spoken}
            else:
                first = _("The closest address I found is %(address)s.") % {"address": spoken}
            return [first, _("Press 1 if that is right, or 2 to say it again.")]
        return [
            _("I could not find %(place)s on the city's map.") % {"place": location.get("said", "")},
            _("Press 1 to use it as you said it, or 2 to say it again."),
        ]

    def handle(self, call: Call, reply: Reply) -> Turn:
        answer = yes_or_no(reply.text)
        if answer is True:
            return after_location(call)
        if answer is False:
            attempts = call.data["report"].get("location_attempts", 0) + 1
            call.data["report"]["location_attempts"] = attempts
            if attempts >= MAX_TRIES:
                return call.go("person", _("Let me connect you with someone who can help."))
            return call.go("report_location")
        return call.again()


@step
class ReportContact(Step):
    name = "report_contact"
    title = "A number to call back"
    edges = {"1 (this phone)": "case_number", "2 (another number)": "report_contact_number"}

    def example(self, call: Call) -> None:
        service = ServiceType.objects.filter(active=True, requires_contact=True).first() or ServiceType.objects.first()
        call.data["report"] = {"service": service.code, "answers": {}, "question": 0}
        call.session.caller = call.session.caller or "+16205550123"

    def prompt(self, call: Call) -> list[Said]:
        department = report_service(call).department.localized("name", call.language)
        return [
            _("%(department)s needs a phone number to reach you about this.") % {"department": department},
            _("Press 1 to use the number you are calling from, ending in %(digits)s, or 2 to key a different number.")
            % {"digits": last_digits(call.caller)},
        ]

    def handle(self, call: Call, reply: Reply) -> Turn:
        answer = yes_or_no(reply.text)
        if answer is True:
            call.data["report"]["phone"] = call.caller
            return submit_report(call)
        if answer is False:
            return call.go("report_contact_number")
        return call.again()


@step
class ReportContactNumber(Step):
    name = "report_contact_number"
    title = "Key a phone number"
    edges = {"a number": "case_number"}
    zero_for_person = False

    def example(self, call: Call) -> None:
        ReportAttribute().example(call)

    def prompt(self, call: Call) -> list[Said]:
        return [_("Please key your 10-digit phone number, then press the pound key.")]

    def gather(self, call: Call) -> dict[str, Any]:
        return {"num_digits": None, "finish_on_key": "#", "timeout": 10}

    def handle(self, call: Call, reply: Reply) -> Turn:
        digits = digits_in(reply.text)
        if not digits:
            return call.again()
        try:
            phone = to_e164(digits, call.city.country)
        except PhoneNumberError:
            return call.again(_("That is not a phone number I can call."))
        call.data["report"]["phone"] = phone
        return submit_report(call)


def case_number_says(call: Call, case: Case | None = None) -> list[Said]:
    """The case number in groups, and when the city expects to deal with it."""
    if case is None:
        case = Case.objects.filter(number=call.data["case"]).select_related("service_type").first()
    said: list[Said] = [_("Your case number is %(number)s.") % {"number": numbers.spoken(call.data["case"])}]
    if case is not None:
        if case.received_after_hours and case.service_type.after_hours == AfterHours.URGENT:
            said.append(_("It is urgent, so the on-call crew is being told about it now."))
        if case.is_open and case.sla_due_at:
            due = case.sla_due_at.astimezone(call.city.zone)
            said.append(_("We expect it to be taken care of by %(when)s.") % {"when": words.when(due, call.local_now)})
    return said


@step
class CaseNumber(Step):
    name = "case_number"
    title = "Your case number is …"
    edges = {"1 (again)": "case_number", "2 (text it)": "case_number", "9": "menu", "no key": "goodbye"}

    def example(self, call: Call) -> None:
        call.data["case"] = Case.objects.values_list("number", flat=True).first() or numbers.with_check_digit(
            "261405873"
        )
        call.session.caller = call.session.caller or "+16205550123"

    def prompt(self, call: Call) -> list[Said]:
        if call.can_text and not call.data.get("texted"):
            return [
                _(
                    "Press 1 to hear the number again, 2 to have it texted to you, or 9 for the main menu. "
                    "If you are done, you can hang up."
                )
            ]
        return [_("Press 1 to hear the number again, or 9 for the main menu. If you are done, you can hang up.")]

    def handle(self, call: Call, reply: Reply) -> Turn:
        if reply.empty:
            return call.goodbye()
        if reply.digits == "1":
            return call.go("case_number", *case_number_says(call))
        if reply.digits == "2" and call.can_text and not call.data.get("texted"):
            case = Case.objects.select_related("service_type").get(number=call.data["case"])
            texts.case_number(call.session, case)
            call.data["texted"] = True
            call.note("texted: case number")
            return call.go(
                "case_number",
                _("I have texted it to the phone ending in %(digits)s.") % {"digits": last_digits(call.caller)},
            )
        if reply.digits == "9":
            return call.go("menu")
        return call.again()


def case_summary(case: Case, language: str, now: datetime, zone: Any) -> list[str]:
    public = case.public(language)
    said = [
        _("Case %(number)s: %(service)s%(place)s.")
        % {
            "number": numbers.spoken(case.number),
            "service": public.service_name,
            "place": (_(", at %(address)s") % {"address": address_for_speech(public.address)})
            if public.address
            else "",
        }
    ]
    said.append(_("Status: %(status)s.") % {"status": words.status_words(public.detailed_status)})
    if public.status_notes:
        said.append(_("The latest update says: %(note)s") % {"note": public.status_notes})
    if public.closed_at:
        said.append(
            _("It was closed on %(date)s: %(reason)s.")
            % {
                "date": words.full_date(public.closed_at.astimezone(zone).date()),
                "reason": words.closing_reason_words(public.closing_reason),
            }
        )
    elif public.expected_at:
        said.append(
            _("It is expected to be taken care of by %(date)s.")
            % {"date": words.full_date(public.expected_at.astimezone(zone).date())}
        )
    return said


def _case_to_read(number: str | None) -> Case | None:
    return Case.objects.select_related("service_type", "department").filter(number=number).first()


@step
class Status(Step):
    name = "status"
    title = "Key a case number"
    edges = {"a valid number": "status_read", "a wrong number (twice more)": "status", "*": "menu"}
    zero_for_person = False

    def example(self, call: Call) -> None:
        call.data["listed"] = True

    def prompt(self, call: Call) -> list[Said]:
        said: list[Said] = []
        if call.caller and not call.data.get("listed"):
            call.data["listed"] = True
            open_cases = list(
                Case.objects.filter(requester__phone=call.caller, status__in=OPEN_STATUSES)
                .select_related("service_type")
                .order_by("-created_at")[:3]
            )
            if open_cases:
                said.append(
                    ngettext("You have %(count)d open case.", "You have %(count)d open cases.", len(open_cases))
                    % {"count": len(open_cases)}
                )
                for case in open_cases:
                    said.append(
                        _("%(service)s, case number %(number)s: %(status)s.")
                        % {
                            "service": case.service_type.localized("name", call.language),
                            "number": numbers.spoken(case.number),
                            "status": words.status_words(case.status),
                        }
                    )
                    call.achieve(InteractionOutcome.STATUS_GIVEN)
                said.append(_("To hear about another case, key its number, then press the pound key."))
                return said
        said.append(_("Please key the case number, then press the pound key. Or say the number."))
        return said

    def gather(self, call: Call) -> dict[str, Any]:
        return {"num_digits": None, "finish_on_key": "#", "timeout": 10}

    def handle(self, call: Call, reply: Reply) -> Turn:
        if reply.digits.startswith("*"):
            return call.go("menu")
        if reply.empty:
            return call.again()
        try:
            number = numbers.parse(digits_in(reply.text))
        except numbers.CaseNumberError:
            call.note("status: not valid")
            return call.again(_("That number is not valid, please try again."))
        case = _case_to_read(number)
        if case is None:
            call.note("status: not found")
            return call.again(_("I could not find a case with that number. Please check it and try again."))
        call.data["status_case"] = number
        call.memo["status_case"] = case
        return call.go("status_read")


@step
class StatusRead(Step):
    name = "status_read"
    title = "The case's status"
    edges = {"1 (again)": "status_read", "2 (another case)": "status", "9": "menu", "no key": "goodbye"}

    def example(self, call: Call) -> None:
        call.data["status_case"] = Case.objects.values_list("number", flat=True).first()

    def prompt(self, call: Call) -> list[Said]:
        # Read once per request: the step that took the number has just found the case.
        case = call.memo.get("status_case")
        if case is None or case.number != call.data.get("status_case"):
            case = _case_to_read(call.data.get("status_case"))
        said: list[Said] = []
        if case is not None:
            said += case_summary(case, call.language, call.now, call.city.zone)
            call.achieve(InteractionOutcome.STATUS_GIVEN)
            call.note("status given")
        said.append(_("Press 1 to hear this again, 2 to check another case, or 9 for the main menu."))
        return said

    def handle(self, call: Call, reply: Reply) -> Turn:
        if reply.empty:
            return call.goodbye()
        target = {"1": "status_read", "2": "status", "9": "menu"}.get(reply.digits)
        return call.go(target) if target else call.again()


@step
class Directory(Step):
    name = "directory"
    title = "Which department?"
    edges = {"speech": "directory_found", "1 (a list)": "directory_list"}

    def prompt(self, call: Call) -> list[Said]:
        return [
            _("Which department would you like? Say its name, like water or city clerk, or press 1 to hear a list.")
        ]

    def gather(self, call: Call) -> dict[str, Any]:
        return {"hints": [d.localized("name", call.language) for d in lookup.departments_with_phones()][:50]}

    def handle(self, call: Call, reply: Reply) -> Turn:
        if reply.digits == "1":
            call.data["page"] = 0
            return call.go("directory_list")
        if reply.speech:
            department = lookup.find_department(reply.speech)
            if department is not None:
                call.data["department"] = department.pk
                return call.go("directory_found")
            return call.again(_("Sorry, I did not find that department."))
        return call.again()


@step
class DirectoryList(Step):
    name = "directory_list"
    title = "Departments"
    edges = {"1–8": "directory_found", "9": "directory_list"}

    def prompt(self, call: Call) -> list[Said]:
        shown, more = page(lookup.departments_with_phones(), call.data.get("page", 0))
        return list_prompt([d.localized("name", call.language) for d in shown], more)

    def handle(self, call: Call, reply: Reply) -> Turn:
        shown, more = page(lookup.departments_with_phones(), call.data.get("page", 0))
        if reply.digits == "9" and more:
            call.data["page"] = call.data.get("page", 0) + 1
            return call.go("directory_list")
        if reply.digits.isdigit() and 1 <= int(reply.digits) <= len(shown):
            call.data["department"] = shown[int(reply.digits) - 1].pk
            return call.go("directory_found")
        return call.again()


@step
class DirectoryFound(Step):
    name = "directory_found"
    title = "Open: transfer / closed: hours"
    edges = {"open": "transfer", "1 (after-hours line)": "transfer", "2 (a message)": "voicemail", "9": "menu"}

    def example(self, call: Call) -> None:
        call.data["department"] = lookup.departments_with_phones()[0].pk

    def _department(self, call: Call) -> Department:
        return lookup.department(call.data["department"])

    def enter(self, call: Call, says: list[Said]) -> Turn:
        department = self._department(call)
        call.note(f"department: {department.slug}")
        name = department.localized("name", call.language)
        if department.is_open(call.now) and lookup.main_line(department):
            closes = department.calendar.next_closing(call.now)
            call.achieve(InteractionOutcome.TRANSFER, department=department)
            return Dial(
                [
                    *says,
                    _("%(name)s is open until %(time)s. Transferring you now.")
                    % {"name": name, "time": words.time_of(closes.astimezone(call.city.zone))},
                ],
                number=lookup.main_line(department),
                kind="department",
            )
        return super().enter(call, says)

    def prompt(self, call: Call) -> list[Said]:
        department = self._department(call)
        name = department.localized("name", call.language)
        opens = department.calendar.next_opening(call.now)
        said: list[Said] = [
            _("%(name)s is closed now.") % {"name": name}
            + (" " + _("It opens again %(when)s.") % {"when": words.when(opens, call.local_now)} if opens else "")
        ]
        if lookup.after_hours_line(department):
            said.append(_("For something that cannot wait, press 1 to reach their after-hours line."))
        said.append(_("Press 2 to leave them a message, or 9 for the main menu."))
        return said

    def handle(self, call: Call, reply: Reply) -> Turn:
        department = self._department(call)
        if reply.digits == "1" and lookup.after_hours_line(department):
            call.achieve(InteractionOutcome.TRANSFER, department=department)
            call.note("after-hours line")
            return Dial([_("Transferring you now.")], number=lookup.after_hours_line(department), kind="department")
        if reply.digits == "2":
            call.data["voicemail_department"] = department.pk
            return call.go("voicemail")
        if reply.digits == "9":
            return call.go("menu")
        return call.again()


@step
class Information(Step):
    name = "information"
    title = "Ask a question"
    edges = {"speech": "information_answer", "emergency": "advisory", "maybe": "danger"}

    def prompt(self, call: Call) -> list[Said]:
        return [_("What is your question? Please ask it in a few words.")]

    def handle(self, call: Call, reply: Reply) -> Turn:
        if reply.speech:
            call.note("question")
            return after_triage(call, reply.speech, "information")
        return call.again()


@step
class InformationAnswer(Step):
    name = "information_answer"
    title = "The answer (article read-out)"
    edges = {"1 (text it)": "information_answer", "2": "person", "3": "information", "9": "menu", "no key": "goodbye"}

    def example(self, call: Call) -> None:
        article = Article.objects.filter(language="en", active=True).first()
        call.data["article"] = article.pk if article else None
        call.session.caller = call.session.caller or "+16205550123"

    def _article(self, call: Call) -> Article | None:
        article = call.memo.get("article")
        if article is None or article.pk != call.data.get("article"):
            article = Article.objects.filter(pk=call.data.get("article")).first()
            call.memo["article"] = article
        return article

    def prompt(self, call: Call) -> list[Said]:
        article = self._article(call)
        said: list[Said] = []
        if article is not None:
            said.append(article.readout)
            call.achieve(InteractionOutcome.INFORMATION, article=article)
        if call.can_text and not call.data.get("texted"):
            said.append(
                _(
                    "Press 1 to have this texted to you, 2 to talk to someone, 3 to ask another question, "
                    "or 9 for the main menu."
                )
            )
        else:
            said.append(_("Press 2 to talk to someone, 3 to ask another question, or 9 for the main menu."))
        return said

    def handle(self, call: Call, reply: Reply) -> Turn:
        if reply.empty:
            return call.goodbye()
        if reply.digits == "1" and call.can_text and not call.data.get("texted"):
            article = self._article(call)
            if article is not None:
                texts.article(call.session, article)
                call.data["texted"] = True
                call.note("texted: article")
            return call.go(
                "information_answer",
                _("I have texted it to the phone ending in %(digits)s.") % {"digits": last_digits(call.caller)},
            )
        target = {"2": "person", "3": "information", "9": "menu"}.get(reply.digits)
        return call.go(target) if target else call.again()


@step
class Person(Step):
    name = "person"
    title = "A person (open) / voicemail (closed)"
    edges = {"open": "call-taker queue", "closed": "voicemail"}

    def enter(self, call: Call, says: list[Said]) -> Turn:
        call.note("person")
        call.data.pop("voicemail_department", None)
        calendar = call.city.calendar
        if calendar.is_open(call.now):
            department = lookup.call_centre_department(call.city.talk_to_person_phone)
            call.achieve(InteractionOutcome.TRANSFER, department=department)
            if settings.CITYLINE_VOICE_QUEUE:
                return Enqueue([*says, _("Please hold for the next call-taker.")], queue=settings.CITYLINE_VOICE_QUEUE)
            return Dial(
                [*says, _("Please hold while I connect you with a call-taker.")],
                number=call.city.talk_to_person_phone,
                kind="person",
            )
        return call.go("voicemail", *says)


@step
class Voicemail(Step):
    name = "voicemail"
    title = "After hours: hours, 911, a message"
    edges = {"a message": "recorded"}

    def enter(self, call: Call, says: list[Said]) -> Turn:
        department_pk = call.data.get("voicemail_department")
        said = list(says)
        if not department_pk:
            calendar = call.city.calendar
            said.append(_("Our call-takers answer %(hours)s.") % {"hours": words.weekly_hours(calendar.weekly)})
            notice = words.opening_notice(calendar, call.now)
            if notice and not calendar.is_open(call.now):
                said.append(notice)
            said.append(call.emergency_sentence())
            if call.city.tty:
                said.append(_("If you use a TTY, call %(tty)s.") % {"tty": phone_for_speech(call.city.tty)})
        said.append(
            _(
                "Please leave a message after the tone: your name, your phone number and what you need, "
                "and we will call you back. Press the pound key when you are done."
            )
        )
        call.note("voicemail")
        # Transcription is offered by the provider in English only.
        return Record(said, transcribe=call.language == "en")


@step
class LanguageLine(Step):
    name = "language_line"
    title = "Interpreter line"
    edges = {"": "transfer"}

    def enter(self, call: Call, says: list[Said]) -> Turn:
        call.achieve(InteractionOutcome.TRANSFER)
        call.note("interpreter line")
        return Dial(
            [*says, _("Connecting you with an interpreter. Please hold.")],
            number=call.city.language_line,
            kind="interpreter",
        )


# --- steps the provider calls back ------------------------------------------------------------


@step
class DialDone(Step):
    name = "dial_done"
    title = "After a transfer"
    edges = {"answered": "end", "no answer": "voicemail"}

    def handle(self, call: Call, reply: Reply) -> Turn:
        status = reply.params.get("DialCallStatus") or reply.params.get("QueueResult", "")
        if status in {"completed", "answered", "bridged", "hangup"}:
            return Hangup([])
        call.note(f"transfer: {status or 'failed'}")
        if call.session.department_id:
            call.data["voicemail_department"] = call.session.department_id
        return call.go("voicemail", _("No one is free to take your call right now."))


@step
class Recorded(Step):
    name = "recorded"
    title = "Message saved"

    def handle(self, call: Call, reply: Reply) -> Turn:
        from .voicemail import save_voicemail

        voicemail = save_voicemail(call, reply.params)
        if voicemail is None:
            return Hangup([_("I did not hear a message. Goodbye.")])
        return call.goodbye(_("Thank you. Your message has been saved, and we will call you back."))


@step
class Ended(Step):
    name = "ended"
    title = "Goodbye"

    def enter(self, call: Call, says: list[Said]) -> Turn:
        return Hangup(says)

    def handle(self, call: Call, reply: Reply) -> Turn:
        return Hangup([])
