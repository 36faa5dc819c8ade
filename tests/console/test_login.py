"""Signing in: the log-in page, lockout after repeated wrong passwords, idle time-out, password rules."""

from __future__ import annotations

import time

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_staff_sign_in_and_land_where_their_work_is(people):
    client = Client()
    response = client.post("/console/login/", {"username": "dana", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/console/queue/"
    assert "Dana Reyes" in response.content.decode()


def test_a_wrong_password_says_so_and_keeps_the_user_name(people):
    response = Client().post("/console/login/", {"username": "dana", "password": "nope"})
    page = response.content.decode()
    assert response.status_code == 200 and "Please enter a correct username and password" in page
    assert 'value="dana"' in page


def test_the_account_locks_after_the_set_number_of_failures_even_for_the_right_password(people, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post("/console/login/", {"username": "dana", "password": "wrong"}).status_code == 200
    locked = client.post("/console/login/", {"username": "dana", "password": "wrong"})
    assert locked.status_code == 429 and "This account is locked for now" in locked.content.decode()
    again = Client().post("/console/login/", {"username": "dana", "password": PASSWORD})
    assert again.status_code == 429
    # Another person at the same address is not locked out.
    assert Client().post("/console/login/", {"username": "sam", "password": PASSWORD}).status_code == 302


def test_an_idle_session_ends_and_asks_to_sign_in_again(people, settings):
    client = Client()
    client.force_login(people["works"])
    assert client.get("/console/queue/").status_code == 200
    session = client.session
    session["console_seen"] = time.time() - settings.CONSOLE_IDLE_MINUTES * 60 - 5
    session.save()
    response = client.get("/console/queue/")
    assert response.status_code == 302 and response["Location"].startswith("/console/login/")
    assert "without activity" in client.get(response["Location"]).content.decode()
    assert client.get("/console/queue/")["Location"].startswith("/console/login/")  # really signed out


def test_sign_out_is_a_post(people):
    client = Client()
    client.force_login(people["works"])
    assert client.post("/console/logout/").status_code == 302
    assert client.get("/console/queue/").status_code == 302


def test_user_create_makes_a_staff_account_with_role_and_departments(city, capsys):
    call_command("user", "create", "pat", "--role", "department_staff", "--department", "public-works", "--generate")
    out = capsys.readouterr().out
    assert "Created" in out and "Password: " in out
    password = out.split("Password: ")[1].strip()
    client = Client()
    assert client.post("/console/login/", {"username": "pat", "password": password}).status_code == 302


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--role", "department_staff", "--password", PASSWORD], "need at least one department"),
        (["--role", "call_taker", "--password", "short"], "password: This password is too short"),
        (["--role", "call_taker", "--password", "1234567890123"], "entirely numeric"),
        (["--role", "department_staff", "--department", "roads", "--password", PASSWORD], "no department roads"),
    ],
)
def test_user_create_refuses_with_a_reason(city, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("user", "create", "pat", *arguments)
