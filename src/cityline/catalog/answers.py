"""A resident's answer to an attribute question, as keyed, said or texted, turned into the stored value.

The phone line reads the choices out with numbers ("press 1 for smaller than a dinner plate"), the
text service lists them ("reply 1 for …"); either way the resident may answer with the number or
with words ("small", "más grande que una llanta", "yes"). Both channels read the answer here, so
they accept the same things, and the value is checked by ``Attribute.clean_answer`` like any other.

Dates are asked as "how many days ago" (0 today, 1 yesterday), which a keypad can answer.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from cityline.core.geo import fold
from cityline.core.i18n import pick
from cityline.core.models import current_jurisdiction
from cityline.core.spoken import digits_in, number_in, numbers_in_words_to_digits, yes_or_no

from .models import Attribute, Datatype

# Few enough to say or list, and one keypad digit each.
MAX_KEYPAD_CHOICES = 9

_STOP_WORDS = {
    "the",
    "a",
    "an",
    "it",
    "is",
    "of",
    "or",
    "in",
    "on",
    "at",
    "to",
    "and",
    "el",
    "la",
    "los",
    "las",
    "un",
    "una",
    "de",
    "del",
    "en",
    "y",
    "o",
    "es",
    "que",
    "con",
    "por",
}

_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    "lunes": 0,
    "martes": 1,
    "miercoles": 2,
    "jueves": 3,
    "viernes": 4,
    "sabado": 5,
    "domingo": 6,
}


class AnswerNotUnderstood(ValueError):
    """The reply is not an answer to the question; the channel asks again."""


def choices(attribute: Attribute, language: str) -> list[tuple[str, str]]:
    """(key, label in the language) for each value of a list attribute, in the pack's order."""
    return [(str(value["key"]), pick(value.get("name"), language) or str(value["key"])) for value in attribute.values]


def questions_to_ask(service_type: Any) -> list[Attribute]:
    """The attributes a short channel (phone, text) asks: the required questions that take an answer."""
    return [a for a in service_type.attributes.all() if a.required and a.variable]


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", fold(text)) if w not in _STOP_WORDS}


def matching_keys(options: list[tuple[str, str]], reply: str) -> list[str]:
    """Keys whose label or key the reply names: the options sharing the most words with it."""
    said = _words(reply)
    if not said:
        return []
    scored = []
    for key, label in options:
        words = _words(label) | _words(key.replace("_", " "))
        overlap = len(said & words)
        if overlap:
            scored.append((overlap / len(words), key))
    if not scored:
        return []
    best = max(score for score, _ in scored)
    return [key for score, key in scored if score == best]


def _choice(attribute: Attribute, reply: str, language: str) -> str:
    options = choices(attribute, language)
    keys = [key for key, _ in options]
    stripped = reply.strip()
    if re.fullmatch(r"[\d\s#*.,]+", stripped) or (len(stripped.split()) == 1 and digits_in(stripped)):
        index = number_in(stripped)
        if index is not None and 1 <= index <= len(options):
            return keys[index - 1]
        raise AnswerNotUnderstood(reply)
    lowered = {key.lower(): key for key in keys}
    if set(lowered) & {"yes", "no"}:
        answer = yes_or_no(reply)
        if answer is not None and ("yes" if answer else "no") in lowered:
            return lowered["yes" if answer else "no"]
    matched = matching_keys(options, reply)
    if len(matched) == 1:
        return matched[0]
    raise AnswerNotUnderstood(reply)


def _choices(attribute: Attribute, reply: str, language: str) -> list[str]:
    options = choices(attribute, language)
    keys = [key for key, _ in options]
    if re.fullmatch(r"[\d\s#*.,yand]+", fold(reply).strip()) or not re.search(r"[a-z]{3,}", fold(reply)):
        digits = digits_in(reply) if len(options) <= MAX_KEYPAD_CHOICES else ""
        picked = []
        for digit in digits:
            index = int(digit)
            if not 1 <= index <= len(options):
                raise AnswerNotUnderstood(reply)
            if keys[index - 1] not in picked:
                picked.append(keys[index - 1])
        if picked:
            return picked
        raise AnswerNotUnderstood(reply)
    picked = []
    for part in re.split(r",|\band\b|\by\b|\bor\b|\bo\b", fold(reply)):
        for key in matching_keys(options, part) if part.strip() else []:
            if key not in picked:
                picked.append(key)
    if not picked:
        raise AnswerNotUnderstood(reply)
    return picked


def _days_ago(reply: str, now: datetime) -> datetime:
    city = current_jurisdiction()
    local = now.astimezone(city.zone) if city else now
    words = re.findall(r"[a-z0-9]+", fold(numbers_in_words_to_digits(reply)))
    if not words:
        raise AnswerNotUnderstood(reply)
    if words[0] in {"today", "hoy", "tonight", "now", "ahora"}:
        days = 0
    elif words[0] in {"yesterday", "ayer"}:
        days = 1
    elif words[0] == "anteayer" or " ".join(words[:3]) == "day before yesterday":
        days = 2
    elif any(word in _WEEKDAYS for word in words):
        weekday = next(_WEEKDAYS[word] for word in words if word in _WEEKDAYS)
        days = (local.weekday() - weekday) % 7
    else:
        number = number_in(reply)
        if number is None or number > 366:
            raise AnswerNotUnderstood(reply)
        days = number
    day = local.date() - timedelta(days=days)
    moment = datetime.combine(day, time(12, 0), tzinfo=local.tzinfo)
    return min(moment, local)


def read_answer(attribute: Attribute, reply: str, language: str, now: datetime | None = None) -> Any:
    """The stored value for a reply to ``attribute``; raises AnswerNotUnderstood (ask again)."""
    reply = (reply or "").strip()
    if not reply:
        raise AnswerNotUnderstood(reply)
    if attribute.datatype == Datatype.SINGLEVALUELIST:
        value: Any = _choice(attribute, reply, language)
    elif attribute.datatype == Datatype.MULTIVALUELIST:
        value = _choices(attribute, reply, language)
    elif attribute.datatype == Datatype.NUMBER:
        value = number_in(reply)
        if value is None:
            raise AnswerNotUnderstood(reply)
    elif attribute.datatype == Datatype.DATETIME:
        value = _days_ago(reply, now or timezone.now()).isoformat(timespec="minutes")
    else:
        value = reply
    try:
        return attribute.clean_answer(value)
    except ValidationError as exc:
        raise AnswerNotUnderstood(reply) from exc
