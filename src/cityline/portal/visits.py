"""Web visits as interactions: a visit that ends in information, a direct line or a case is counted.

A web visit has no hang-up, so the portal records an interaction when a page *gives* the resident
something: an article (information), a department's direct line (transfer), a case's status, a case
opened, a case followed, or 911 advice. One visit (a browser session, idle for less than half an
hour) records each such outcome once, so reloading an article does not count twice. Crawlers are
not residents and are not counted.
"""

from __future__ import annotations

import re
import time
from typing import Any

from django.http import HttpRequest

from cityline.cases.interactions import end_interaction, start_interaction
from cityline.cases.models import Channel, Interaction
from cityline.core.i18n import active_language

VISIT_IDLE_SECONDS = 30 * 60
_SESSION_KEY = "portal_visit"
_CRAWLER = re.compile(r"bot|crawl|spider|slurp|preview|fetch|monitor|curl|wget|python-requests", re.IGNORECASE)


def is_crawler(request: HttpRequest) -> bool:
    agent = request.headers.get("User-Agent", "")
    return not agent or bool(_CRAWLER.search(agent))


def _visit(request: HttpRequest) -> dict[str, Any]:
    now = time.time()
    visit = request.session.get(_SESSION_KEY)
    if not visit or now - visit.get("last", 0) > VISIT_IDLE_SECONDS:
        visit = {"started": now, "last": now, "done": []}
    visit["last"] = now
    return visit


def already_recorded(request: HttpRequest, key: str) -> bool:
    visit = request.session.get(_SESSION_KEY) or {}
    return key in visit.get("done", []) and time.time() - visit.get("last", 0) <= VISIT_IDLE_SECONDS


def finish(
    request: HttpRequest,
    outcome: str,
    *,
    key: str,
    summary: str = "",
    **links: Any,
) -> Interaction | None:
    """Record that this visit ended in ``outcome`` (once per visit and ``key``)."""
    if is_crawler(request):
        return None
    visit = _visit(request)
    if key in visit["done"]:
        request.session[_SESSION_KEY] = visit
        return None
    interaction = start_interaction(channel=Channel.WEB, language=active_language())
    ended = end_interaction(interaction, outcome, summary=summary, language=active_language(), **links)
    visit["done"] = [*visit["done"], key][-50:]
    request.session[_SESSION_KEY] = visit
    return ended
