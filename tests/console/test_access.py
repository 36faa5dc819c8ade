"""Every console URL, asked by every role and by nobody: the page, a 403, or the log-in page."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from cityline.cases.interactions import start_interaction

from .conftest import NORTH, pothole

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "call_taker", "works", "clerk", "supervisor", "administrator"]
OK, FORBIDDEN, LOGIN = 200, 403, "login"


@pytest.fixture
def world(people):
    works_case = pothole()
    clerk_case = pothole(NORTH)
    call = start_interaction(channel="phone", agent=people["call_taker"])
    return {"works_case": works_case, "clerk_case": clerk_case, "call": call}


def urls(world):
    """(url, {role: expected}) for every page a GET can reach."""
    works, call = world["works_case"].number, world["call"].pk
    everyone = dict.fromkeys(ROLES[1:], OK)
    takers = {"call_taker": OK, "works": FORBIDDEN, "clerk": FORBIDDEN, "supervisor": OK, "administrator": OK}
    queue = {"call_taker": FORBIDDEN, "works": OK, "clerk": OK, "supervisor": OK, "administrator": OK}
    bosses = {"call_taker": FORBIDDEN, "works": FORBIDDEN, "clerk": FORBIDDEN, "supervisor": OK, "administrator": OK}
    return [
        ("/console/", {"call_taker": 302, "works": 302, "clerk": 302, "supervisor": 302, "administrator": 302}),
        ("/console/calls/", takers),
        (f"/console/calls/{call}/", takers),
        (f"/console/calls/{call}/assist/?text=pothole", takers),
        (f"/console/calls/{call}/case/?service=pothole", takers),
        (f"/console/calls/{call}/lookup/?q=main", takers),
        (f"/console/calls/{call}/escalate/", takers),
        ("/console/queue/", queue),
        ("/console/search/?q=main", everyone),
        (f"/console/cases/{works}/", everyone),
        ("/console/supervisor/", bosses),
        ("/console/password/", everyone),
    ]


def client_for(role, people):
    client = Client()
    if role != "anonymous":
        client.force_login(people[role])
    return client


def test_every_console_page_answers_each_role_as_its_rights_say(world, people):
    seen = []
    for role in ROLES:
        client = client_for(role, people)
        for url, expected in urls(world):
            response = client.get(url)
            want = expected.get(role, LOGIN)
            if want == LOGIN:
                assert response.status_code == 302 and response["Location"].startswith("/console/login/?next="), url
            else:
                assert response.status_code == want, (role, url, response.status_code)
            seen.append((role, url))
    assert len(seen) == len(ROLES) * len(urls(world))


def test_every_console_post_refuses_the_anonymous_and_the_wrong_role(world, people):
    works, call = world["works_case"].number, world["call"].pk
    posts = [f"/console/calls/{call}/{step}/" for step in ("emergency", "abandoned", "answered", "transfer", "status")]
    posts += [f"/console/calls/{call}/case/open/", f"/console/calls/{call}/escalate/open/", "/console/calls/start/"]
    for url in posts:
        assert Client().post(url)["Location"].startswith("/console/login/")
        assert client_for("works", people).post(url).status_code == 403, url
    for action in ("acknowledge", "close", "hold", "merge", "assign", "share", "status", "service-type"):
        url = f"/console/cases/{works}/{action}/"
        assert Client().post(url)["Location"].startswith("/console/login/")
        assert client_for("clerk", people).post(url).status_code == 403, url
        assert client_for("call_taker", people).post(url).status_code == 403, url
    assert client_for("call_taker", people).post("/console/queue/bulk/").status_code == 403


def test_a_signed_in_person_without_a_staff_role_is_refused(world, django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_user("visitor"))
    response = client.get("/console/search/")
    assert response.status_code == 403


def test_another_call_takers_call_is_refused_but_a_supervisor_may_step_in(world, people):
    from cityline.console.accounts import create_staff

    other = create_staff("robin", role="call_taker", password="a long enough Passw0rd").user
    url = f"/console/calls/{world['call'].pk}/"
    assert client_for("supervisor", people).get(url).status_code == 200
    client = Client()
    client.force_login(other)
    assert client.get(url).status_code == 403


def test_every_post_form_on_every_page_carries_a_csrf_token_and_is_refused_without_it(world, people):
    for role in ROLES[1:]:
        client = client_for(role, people)
        for url, expected in urls(world):
            if expected.get(role) != OK:
                continue
            html = client.get(url).content.decode()
            for form in re.findall(r"<form[^>]*method=\"post\".*?</form>", html, flags=re.S | re.I):
                assert "csrfmiddlewaretoken" in form, (role, url, form[:200])
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(people["supervisor"])
    works, call = world["works_case"].number, world["call"].pk
    for url in [
        "/console/calls/start/",
        f"/console/calls/{call}/emergency/",
        f"/console/calls/{call}/case/open/",
        f"/console/cases/{works}/note/",
        f"/console/cases/{works}/close/",
        "/console/queue/bulk/",
        "/console/logout/",
        "/console/password/",
    ]:
        assert strict.post(url, {"text": "x"}).status_code == 403, url


def test_other_apps_add_console_menu_entries_by_setting(world, people, settings):
    settings.CONSOLE_EXTRA_NAV = [
        {"label": "Dashboards", "url": "console:supervisor", "roles": ["supervisor"]},
        {"label": "Not there yet", "url": "insights:nothing"},
    ]
    boss = client_for("supervisor", people).get("/console/search/").content.decode()
    taker = client_for("call_taker", people).get("/console/search/").content.decode()
    assert ">Dashboards<" in boss and "Dashboards" not in taker and "Not there yet" not in boss
