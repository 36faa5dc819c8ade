"""Helpers for the console's browser tests: signing a person in, and counting keystrokes."""

from __future__ import annotations

from django.conf import settings
from django.test import Client

from cityline.console.accounts import create_staff

PASSWORD = "a long enough Passw0rd"


def staff(username: str, role: str, *, first: str, last: str, departments: tuple[str, ...] = ()):
    return create_staff(
        username, role=role, password=PASSWORD, departments=departments, first_name=first, last_name=last
    ).user


def sign_in(page, live_server, user) -> None:
    """Give the browser the session of ``user`` (the log-in form has its own tests)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


class Keys:
    """Presses keys and counts them, so a test can hold the screen to a keystroke budget."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)
            self.count += 1


def fresh_triage() -> None:
    """Triage keeps its indexes per process for a few seconds without looking at the database;
    a test that has just loaded another city must not get the previous test's city."""
    from cityline.triage import service

    service.forget()
