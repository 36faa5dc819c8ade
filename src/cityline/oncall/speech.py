"""The words of a paging phone call: the case read out, then "press 1 to accept"."""

from __future__ import annotations

from django.utils import formats, translation
from django.utils.translation import gettext as _

from cityline.cases.models import Channel
from cityline.core.models import current_jurisdiction

from .models import Page

VOICE_LANGUAGES = {"en": "en-US", "es": "es-MX"}
SPOKEN_DESCRIPTION_LIMIT = 300


def voice_language(language: str) -> str:
    return VOICE_LANGUAGES.get(language, "en-US")


def page_script(page: Page) -> list[str]:
    """Sentences read to the paged person, in their language."""
    case = page.escalation.case
    city = current_jurisdiction()
    with translation.override(page.language):
        local = case.created_at.astimezone(city.zone) if city else case.created_at
        lines = [
            _("This is %(city)s 311 with an urgent on-call page for %(department)s.")
            % {"city": city.short_name if city else "", "department": case.department.localized("name")},
            case.service_type.localized("name") + ".",
        ]
        if case.address:
            lines.append(_("Location: %(address)s.") % {"address": case.address})
        elif case.lat is not None:
            lines.append(_("Location: a point on the map; see the text message for the link."))
        lines.append(
            _("Reported at %(time)s by %(channel)s.")
            % {"time": formats.time_format(local, "TIME_FORMAT"), "channel": _channel_words(case.channel)}
        )
        if case.description:
            text = case.description[:SPOKEN_DESCRIPTION_LIMIT]
            lines.append(_("The report says: %(text)s") % {"text": text})
        lines.append(_("Case number %(number)s.") % {"number": case.spoken_number})
        return lines


def prompt(language: str) -> str:
    with translation.override(language):
        return _("Press 1 to accept. Press 2 to pass it to the next person. Press 9 to hear this again.")


def say(language: str, key: str, **values: str) -> str:
    """Short answers spoken after a key is pressed."""
    with translation.override(language):
        texts = {
            "accepted": _(
                "Thank you. The case is yours and paging has stopped. The details are in your text messages. Goodbye."
            ),
            "already_accepted": _("This case was already accepted by %(by)s. Nothing more to do. Goodbye."),
            "stopped": _("This case is already being handled. Nothing more to do. Goodbye."),
            "closed": _("This case is closed. Nothing more to do. Goodbye."),
            "passed": _("Passed. We are paging the next person now. Goodbye."),
            "no_answer": _("We did not hear an answer. If nobody accepts, the next person will be paged. Goodbye."),
            "unknown": _("This page is no longer valid. Goodbye."),
        }
        return texts[key] % values


def _channel_words(channel: str) -> str:
    words = {
        Channel.PHONE: _("phone"),
        Channel.IVR: _("phone"),
        Channel.SMS: _("text message"),
        Channel.WEB: _("the web site"),
        Channel.OPEN311: _("an app"),
        Channel.EMAIL: _("e-mail"),
        Channel.WALK_IN: _("a visit"),
        Channel.INTERNAL: _("city staff"),
    }
    return words.get(channel, channel)
