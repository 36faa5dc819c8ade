"""Who may open which console page: the signed-in person's staff profile, and the idle time-out.

The rules themselves live on :class:`cityline.directory.models.StaffProfile` (``takes_calls``,
``works_queue``, ``supervises``, ``can_see_private``, ``allowed_actions``); this module only asks
them for each request.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from cityline.directory.models import Role, StaffProfile

# The session remembers when the person last did something; writing it at most once a minute
# keeps a busy call-taker's screen from writing the session on every keystroke lookup.
_SEEN_KEY = "console_seen"
_SEEN_WRITE_EVERY = 60


def staff_profile(user: Any) -> StaffProfile | None:
    """The person's staff profile; a superuser without one works as an administrator."""
    if not user.is_authenticated:
        return None
    profile = getattr(user, "staff", None) if _has_profile(user) else None
    if profile is None and user.is_superuser:
        profile = StaffProfile(user=user, role=Role.ADMINISTRATOR)
        profile._department_ids = set()
    return profile


def _has_profile(user: Any) -> bool:
    try:
        user.staff  # noqa: B018 - the reverse one-to-one raises when there is no row
    except StaffProfile.DoesNotExist:
        return False
    return True


def idle_limit_seconds() -> int:
    return int(settings.CONSOLE_IDLE_MINUTES) * 60


def _timed_out(request: HttpRequest) -> bool:
    now = time.time()
    seen = request.session.get(_SEEN_KEY)
    if seen is not None and now - seen > idle_limit_seconds():
        return True
    if seen is None or now - seen > _SEEN_WRITE_EVERY:
        request.session[_SEEN_KEY] = now
    return False


def console_view(
    needs: str | None = None,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A console page: signed in (else the log-in page), not idle too long, with a staff profile,
    and, when ``needs`` names a StaffProfile capability ("takes_calls", "works_queue",
    "supervises"), allowed to use it (else 403)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if _timed_out(request):
                logout(request)
                messages.info(
                    request,
                    _("You were signed out after %(minutes)s minutes without activity. Please sign in again.")
                    % {"minutes": settings.CONSOLE_IDLE_MINUTES},
                )
                return redirect_to_login(request.get_full_path())
            profile = staff_profile(request.user)
            if profile is None:
                raise PermissionDenied(_("Your account has no staff role yet; ask an administrator to give you one."))
            if needs and not getattr(profile, needs):
                raise PermissionDenied(
                    _("Your role (%(role)s) does not use this page.") % {"role": profile.get_role_display()}
                )
            request.staff = profile
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
