"""Words for the ear: numbers said digit by digit, and how long a prompt takes to say.

A text-to-speech voice reads "911" as "nine hundred eleven" and "(620) 555-0100" as a sum of
money; a caller needs "nine one one" and the digits in groups. Every text the phone line speaks
goes through :func:`for_speech`.

:func:`speaking_seconds` is how long a prompt takes: the real length of the audio ``espeak-ng``
makes of it where that program is installed, otherwise the words at a measured speaking rate. The
flow map prints it for every prompt, and the greeting is held to "the 911 sentence ends within
eight seconds" with it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import wave
from functools import lru_cache
from pathlib import Path

import phonenumbers

from cityline.core.geo import _STREET_WORDS

# Words a second of espeak-ng's default voices (175 words a minute), measured on the prompts:
# the fallback when espeak-ng is missing.
WORDS_PER_SECOND = {"en": 2.9, "es": 2.5}
ESPEAK_VOICES = {"en": "en-us", "es": "es-419"}

_N11 = re.compile(r"(?<![\d(])\b([2-9]11)\b(?![\d)-])")
_PHONE = re.compile(r"\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}\b|\+1\d{10}\b")


def spaced(digits: str) -> str:
    return " ".join(digits)


def phone_for_speech(number: str) -> str:
    """``+16205550100`` or ``(620) 555-0100`` → ``6 2 0, 5 5 5, 0 1 0 0``; short codes digit by digit."""
    digits = re.sub(r"\D", "", number or "")
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) == 10:
        return f"{spaced(digits[:3])}, {spaced(digits[3:6])}, {spaced(digits[6:])}"
    return spaced(digits)


def last_digits(number: str, count: int = 4) -> str:
    return spaced(re.sub(r"\D", "", number or "")[-count:])


def for_speech(text: str) -> str:
    """The text as a voice should read it: N-1-1 codes and phone numbers digit by digit."""
    text = _PHONE.sub(lambda m: phone_for_speech(m.group()), text or "")
    return _N11.sub(lambda m: spaced(m.group(1)), text)


_SPOKEN_STREET_WORDS = {short: long for long, short in _STREET_WORDS.items() if not short[0].isdigit()}


def address_for_speech(address: str) -> str:
    """``100 N Main St`` → ``100 North Main Street``: abbreviations are read as the words."""
    words = []
    for word in (address or "").split():
        bare = word.strip(".,").lower()
        spoken = _SPOKEN_STREET_WORDS.get(bare)
        words.append(spoken.capitalize() if spoken else word)
    return " ".join(words)


def is_mobile_number(number: str) -> bool:
    """Can this caller ID receive a text? In the US, mobile and landline numbers look alike, so
    any valid number that is not toll-free or premium counts (the provider refuses a landline)."""
    try:
        parsed = phonenumbers.parse(number or "", "US")
    except phonenumbers.NumberParseException:
        return False
    if not phonenumbers.is_valid_number(parsed):
        return False
    return phonenumbers.number_type(parsed) not in (
        phonenumbers.PhoneNumberType.TOLL_FREE,
        phonenumbers.PhoneNumberType.PREMIUM_RATE,
        phonenumbers.PhoneNumberType.SHARED_COST,
    )


def espeak_available() -> bool:
    return shutil.which("espeak-ng") is not None


@lru_cache(maxsize=4096)
def speaking_seconds(text: str, language: str = "en") -> float:
    """Seconds it takes to say ``text`` (already in speech form)."""
    text = (text or "").strip()
    if not text:
        return 0.0
    measured = _espeak_seconds(text, language) if espeak_available() else None
    return measured if measured is not None else estimated_seconds(text, language)


def estimated_seconds(text: str, language: str = "en") -> float:
    words = len(re.findall(r"\w+", text))
    return round(words / WORDS_PER_SECOND.get(language, WORDS_PER_SECOND["en"]), 2)


def measured_with() -> str:
    return "espeak-ng" if espeak_available() else "words at a speaking rate"


def _espeak_seconds(text: str, language: str) -> float | None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "prompt.wav"
        try:
            subprocess.run(
                ["espeak-ng", "-v", ESPEAK_VOICES.get(language, "en-us"), "-w", str(path), text],
                check=True,
                capture_output=True,
                timeout=30,
            )
            with wave.open(str(path), "rb") as audio:
                return round(audio.getnframes() / audio.getframerate(), 2)
        except (OSError, subprocess.SubprocessError, wave.Error, EOFError):
            return None
