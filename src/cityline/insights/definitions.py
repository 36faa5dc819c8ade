"""The definitions behind the figures, in one place (docs/insights.md says them in words)."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext_noop

from cityline.cases.models import InteractionOutcome

# First-contact resolution: a contact from a known caller settles the matter at first contact when
# the caller does not contact the city again about the same matter within this window.
FCR_WINDOW = timedelta(days=7)
# Outcomes that settle a contact (the resident got an answer, a line, a case or a status).
SETTLING_OUTCOMES = frozenset(
    {
        InteractionOutcome.INFORMATION,
        InteractionOutcome.TRANSFER,
        InteractionOutcome.CASE_OPENED,
        InteractionOutcome.STATUS_GIVEN,
        InteractionOutcome.EMERGENCY_ADVISORY,
        InteractionOutcome.FOLLOWED,
    }
)
# Contacts nobody handled: not counted as first contacts at all.
UNHANDLED_OUTCOMES = frozenset({InteractionOutcome.ABANDONED})
# A contact longer than this is a line left open (a web visit never closed), not handling time.
LONGEST_HANDLING = timedelta(hours=4)

# Hexagons of the map (H3 resolution 8: about 0.7 km², 900 m across) and of repeat spots
# (resolution 11: about 2,100 m², 50 m across — a lot or two, the "same spot").
HEX_RESOLUTION = 8
REPEAT_RESOLUTION = 11
REPEAT_WINDOW_DAYS = 365
REPEAT_MIN_CASES = 3

# The open backlog by age (days since the case was opened, in city days): (label, first, last).
BACKLOG_AGES: tuple[tuple[str, int, int | None], ...] = (
    (gettext_noop("0–2 days"), 0, 2),
    (gettext_noop("3–7 days"), 3, 7),
    (gettext_noop("8–30 days"), 8, 30),
    (gettext_noop("31–90 days"), 31, 90),
    (gettext_noop("over 90 days"), 91, None),
)

# Staffing: the service level most 311 centres aim for, and the time off the phones (breaks,
# training, meetings) that scheduled call-takers lose.
DEFAULT_SERVICE_LEVEL = 0.80
DEFAULT_ANSWER_SECONDS = 20
DEFAULT_SHRINKAGE = 0.30
FORECAST_WEEKS = 8
# Contacts answered by a call-taker (the automated line and the other channels need no one).
STAFFED_CHANNELS = ("phone",)
