"""Log-in lockout (django-axes) for people signing in through a web page."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a locked-out account at the log-in page.

    Authentication without a web request (the ``cityline`` command, Django's test client) has no
    attempts to count; this backend stays out of it instead of refusing, and the next backend
    checks the password as usual.
    """

    def authenticate(self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
