"""Reading what a resident said or typed: numbers in words, and yes or no, in English and Spanish.

Speech recognition writes "twenty six fourteen", "cien", "oh five" as often as it writes digits,
and a resident texts "yes", "Sí" or "1". The phone line and the text-message service both read
answers through these functions, so the two understand the same words.
"""

from __future__ import annotations

import re

from .geo import fold

_UNITS = {
    "zero": 0,
    "oh": 0,
    "o": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "cero": 0,
    "uno": 1,
    "una": 1,
    "un": 1,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "seis": 6,
    "siete": 7,
    "ocho": 8,
    "nueve": 9,
}
_TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "diez": 10,
    "once": 11,
    "doce": 12,
    "trece": 13,
    "catorce": 14,
    "quince": 15,
    "dieciseis": 16,
    "diecisiete": 17,
    "dieciocho": 18,
    "diecinueve": 19,
    "veinte": 20,
    "veintiuno": 21,
    "veintiun": 21,
    "veintidos": 22,
    "veintitres": 23,
    "veinticuatro": 24,
    "veinticinco": 25,
    "veintiseis": 26,
    "veintisiete": 27,
    "veintiocho": 28,
    "veintinueve": 29,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "treinta": 30,
    "cuarenta": 40,
    "cincuenta": 50,
    "sesenta": 60,
    "setenta": 70,
    "ochenta": 80,
    "noventa": 90,
}
_HUNDREDS = {
    "cien": 100,
    "ciento": 100,
    "doscientos": 200,
    "doscientas": 200,
    "trescientos": 300,
    "trescientas": 300,
    "cuatrocientos": 400,
    "cuatrocientas": 400,
    "quinientos": 500,
    "quinientas": 500,
    "seiscientos": 600,
    "seiscientas": 600,
    "setecientos": 700,
    "setecientas": 700,
    "ochocientos": 800,
    "ochocientas": 800,
    "novecientos": 900,
    "novecientas": 900,
}
_NUMBER_WORDS = set(_UNITS) | set(_TEENS) | set(_TENS) | set(_HUNDREDS) | {"hundred", "thousand", "mil"}


class _Group:
    """One number being read word by word ("one hundred twenty three")."""

    def __init__(self) -> None:
        self.total = 0  # thousands already closed
        self.current = 0
        self.last = ""  # kind of the last word: unit, teen, ten, hundred, thousand
        self.words = 0

    def accepts(self, word: str) -> bool:
        if self.words == 0:
            return True
        last = self.last
        if word in _UNITS:
            # "twenty six", "hundred six", "mil seis": a unit follows a ten, a hundred or a thousand.
            return last in {"ten", "hundred", "thousand"} and not (last == "ten" and self.current % 10)
        if word in _TEENS:
            return last in {"hundred", "thousand"}
        if word in _TENS:
            return last in {"hundred", "thousand"}
        if word in _HUNDREDS:
            return last == "thousand"
        if word == "hundred":
            return last in {"unit", "teen"} and self.current < 100
        if word in {"thousand", "mil"}:
            return last in {"unit", "teen", "ten", "hundred"} and self.total == 0
        return False

    def add(self, word: str) -> None:
        self.words += 1
        if word in _UNITS:
            self.current += _UNITS[word]
            self.last = "unit"
        elif word in _TEENS:
            self.current += _TEENS[word]
            self.last = "teen"
        elif word in _TENS:
            self.current += _TENS[word]
            self.last = "ten"
        elif word in _HUNDREDS:
            self.current += _HUNDREDS[word]
            self.last = "hundred"
        elif word == "hundred":
            self.current *= 100
            self.last = "hundred"
        else:  # thousand / mil
            self.total = max(self.current, 1) * 1000
            self.current = 0
            self.last = "thousand"

    @property
    def value(self) -> int:
        return self.total + self.current


# Words that read as a number only next to another number: Spanish "o" is "or", "un"/"una" is "a".
_AMBIGUOUS = {"o", "un", "una"}


def _is_number_word(tokens: list[str], index: int) -> bool:
    word = tokens[index]
    if word not in _NUMBER_WORDS:
        return False
    if word not in _AMBIGUOUS:
        return True
    neighbours = tokens[max(index - 1, 0) : index] + tokens[index + 1 : index + 2]
    return any((n in _NUMBER_WORDS and n not in _AMBIGUOUS) or n.isdigit() for n in neighbours)


def numbers_in_words_to_digits(text: str) -> str:
    """Write number words as digits: "one hundred north main" → "100 north main",
    "twenty six fourteen oh five" → "26 14 0 5", "treinta y cinco" → "35". Other words stay."""
    tokens = [token.replace("-", "") for token in re.findall(r"[^\W_]+|[^\w\s]", fold(text or ""))]
    out: list[str] = []
    group: _Group | None = None
    joined = False  # "y" / "and" seen inside a number
    for index, word in enumerate(tokens):
        if (
            word in {"y", "and"}
            and group is not None
            and group.last in {"ten", "hundred"}
            and index + 1 < len(tokens)
            and tokens[index + 1] in _UNITS
        ):
            joined = True
            continue
        if _is_number_word(tokens, index):
            if group is not None and group.accepts(word):
                group.add(word)
            else:
                if group is not None:
                    out.append(str(group.value))
                group = _Group()
                group.add(word)
            joined = False
            continue
        if group is not None:
            out.append(str(group.value))
            group = None
        if joined:
            out.append("and")
            joined = False
        out.append(word)
    if group is not None:
        out.append(str(group.value))
    return " ".join(out)


def digits_in(text: str) -> str:
    """Every digit in a reply, spoken or keyed, in order: "2614 0587 39", "two six one four…" → "2614058739"."""
    return "".join(re.findall(r"\d", numbers_in_words_to_digits(text)))


def number_in(text: str) -> int | None:
    """The first whole number in a reply ("about 3 inches", "tres", "twenty five") or None."""
    match = re.search(r"\d+", numbers_in_words_to_digits(text))
    return int(match.group()) if match else None


_YES = {
    "yes",
    "y",
    "yeah",
    "yep",
    "yup",
    "sure",
    "correct",
    "right",
    "ok",
    "okay",
    "si",
    "s",
    "claro",
    "correcto",
    "cierto",
    "afirmativo",
    "exacto",
    "eso",
    "dale",
    "bueno",
}
_NO = {"no", "n", "nope", "nah", "wrong", "incorrect", "negative", "incorrecto", "equivocado", "nel"}


def yes_or_no(reply: str) -> bool | None:
    """True for yes (also "1"), False for no (also "2"), None when the reply is neither."""
    words = re.findall(r"[a-z0-9]+", fold(reply or ""))
    if not words:
        return None
    first = words[0]
    if first in {"1", "one", "uno"} and len(words) == 1:
        return True
    if first in {"2", "two", "dos"} and len(words) == 1:
        return False
    if first in _YES or (first == "that" and "right" in words):
        return True
    if first in _NO or "not right" in " ".join(words):
        return False
    return None


# What Spanish speakers say around an English street name: "calle Main, número 100 norte".
_SPANISH_ADDRESS_WORDS = {
    "norte": "north",
    "sur": "south",
    "este": "east",
    "oeste": "west",
    "avenida": "avenue",
    "numero": "",
    "calle": "",
    "de": "",
    "la": "",
    "el": "",
}


def address_as_written(said: str) -> str:
    """An address as a speech recogniser wrote what was said, the way it is written on a letter:
    "one hundred north main street" → "100 north main street", "calle Main 200 sur" → "200 south main"."""
    words = [_SPANISH_ADDRESS_WORDS.get(word, word) for word in numbers_in_words_to_digits(said).split()]
    words = [word for word in words if word and word not in {",", "."}]
    if words and not words[0][0].isdigit():
        # The house number said last ("Main Street 100", "calle Main 200 sur").
        number = next((i for i, word in enumerate(words) if word.isdigit()), None)
        if number is not None:
            words = [words[number], *words[:number], *words[number + 1 :]]
    directions = [i for i, word in enumerate(words) if word in {"north", "south", "east", "west", "n", "s", "e", "w"}]
    if words and words[0][0].isdigit() and directions and directions[0] > 1:
        # "200 Main South" is written "200 South Main".
        direction = words.pop(directions[0])
        words.insert(1, direction)
    return " ".join(words)
