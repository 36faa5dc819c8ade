"""Notifications: the words of every outbox message, and their delivery by e-mail, text and call.

The SMS channel calls :func:`opt_out` on STOP, :func:`opt_in` on START and may ask
:func:`is_opted_out`; they load the models only when called.
"""

from __future__ import annotations


def opt_out(number: str, source: str = "STOP reply") -> bool:
    """No more text messages to this number (it texted STOP); pending ones are cancelled."""
    from .optout import opt_out as _opt_out

    return _opt_out(number, source)


def opt_in(number: str) -> bool:
    """Text messages may go to this number again (it texted START)."""
    from .optout import opt_in as _opt_in

    return _opt_in(number)


def is_opted_out(number: str) -> bool:
    from .optout import is_opted_out as _is_opted_out

    return _is_opted_out(number)


__all__ = ["is_opted_out", "opt_in", "opt_out"]
