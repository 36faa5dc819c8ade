"""Case numbers: digits only, with a Damm check digit, printed and spoken in groups.

A caller reads a case number out or keys it on a phone keypad, so it is digits only. The last digit
is a Damm check digit: it catches every single-digit error and every swap of two adjacent digits,
so a mistyped number is refused instead of showing somebody else's case.
"""

from __future__ import annotations

import re
import secrets

# The Damm quasigroup of order 10 (weakly totally anti-symmetric), from H. Michael Damm (2004).
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)

# Nine random digits and a check digit: a billion numbers, so ten years of a big city's cases use
# a few percent of them and a guessed number rarely belongs to anyone.
BODY_DIGITS = 9
LENGTH = BODY_DIGITS + 1


class CaseNumberError(ValueError):
    """A case number that cannot be right; the message is safe to show or speak to a resident.

    ``code`` says which check failed (``not_digits``, ``length``, ``check_digit``) so that a channel
    can say it in the resident's language; ``length`` is how many digits were typed.
    """

    def __init__(self, message: str, code: str = "", length: int = 0):
        super().__init__(message)
        self.code = code
        self.length = length


def damm_digit(digits: str) -> int:
    interim = 0
    for ch in digits:
        interim = _DAMM[interim][int(ch)]
    return interim


def is_valid(number: str) -> bool:
    return number.isdigit() and damm_digit(number) == 0


def with_check_digit(body: str) -> str:
    return body + str(damm_digit(body))


def new_number() -> str:
    """A fresh random number; uniqueness is the database's job (the caller retries on a clash)."""
    first = str(secrets.randbelow(9) + 1)  # no leading zero: spreadsheets and keypads drop it
    rest = "".join(str(secrets.randbelow(10)) for _ in range(BODY_DIGITS - 1))
    return with_check_digit(first + rest)


def parse(text: str) -> str:
    """A number as typed or spoken-then-transcribed ("2614 0587 39", "2614-0587-39") → its digits.

    Raises CaseNumberError when it has the wrong length or its check digit does not match.
    """
    digits = re.sub(r"[\s\-–.#/]", "", str(text or ""))
    if not digits.isdigit():
        raise CaseNumberError("A case number has digits only.", code="not_digits")
    if len(digits) != LENGTH:
        raise CaseNumberError(
            f"A case number has {LENGTH} digits; this one has {len(digits)}.", code="length", length=len(digits)
        )
    if not is_valid(digits):
        raise CaseNumberError(
            "That case number is not valid: please check the digits and try again.", code="check_digit"
        )
    return digits


def grouped(number: str) -> str:
    """For print: ``2614 0587 39``."""
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))


def spoken(number: str) -> str:
    """For speech: each digit apart, a pause between groups: ``2 6 1 4, 0 5 8 7, 3 9``."""
    return ", ".join(" ".join(group) for group in grouped(number).split(" "))
