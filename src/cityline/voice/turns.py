"""What the phone line does next, independent of the provider's markup.

A step of the call flow answers with one of these; ``twiml.py`` writes it as TwiML. Keeping the
flow's answers as plain values lets the flow map read the prompts and lets tests of the flow read
what a caller would hear.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Speech:
    """A sentence in a language other than the call's (the "para español, oprima 2" offer)."""

    text: str
    language: str


Said = str | Speech


@dataclass
class Ask:
    """Say the prompts and wait for keys or speech (a Gather); the answer goes to ``step``."""

    says: list[Said]
    input: str = "dtmf speech"
    num_digits: int | None = 1
    finish_on_key: str | None = None
    timeout: int = 6
    hints: list[str] = field(default_factory=list)
    step: str = ""


@dataclass
class Dial:
    """Say the prompts, then connect the caller to a number (``kind``: person, department, interpreter)."""

    says: list[Said]
    number: str
    kind: str


@dataclass
class Enqueue:
    """Say the prompts, then put the caller in the provider's queue for the next call-taker."""

    says: list[Said]
    queue: str


@dataclass
class Record:
    """Say the prompts, then record a voicemail."""

    says: list[Said]
    transcribe: bool = False
    max_seconds: int = 120


@dataclass
class Hangup:
    """Say the prompts, then end the call."""

    says: list[Said]


Turn = Ask | Dial | Enqueue | Record | Hangup


def texts(turn: Turn) -> list[str]:
    return [item.text if isinstance(item, Speech) else item for item in turn.says]
