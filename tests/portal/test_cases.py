"""Check a case by number: typos caught by the check digit, public data only, follow and stop."""

from __future__ import annotations

import pytest

from cityline.cases import actions
from cityline.cases.actions import RequesterInfo, open_case
from cityline.cases.models import Case, Interaction, OutboxMessage, Subscription

from .helpers import INSIDE

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(city) -> Case:
    made = open_case(
        service_type="pothole",
        channel="phone",
        description="Deep hole by the school",
        attributes={"size": "large"},
        lat=INSIDE[0],
        lon=INSIDE[1],
        requester=RequesterInfo(
            first_name="Maria", last_name="Secretname", email="maria@example.org", phone="(620) 555-0177"
        ),
    )
    actions.add_note(made, "Crew checked the water main first.", public=False, actor="Supervisor")
    actions.add_note(made, "Crew scheduled for Thursday.", public=True, actor="Public Works")
    return made


def mistype(number: str) -> str:
    """The number with two neighbouring digits swapped (a typo the check digit catches)."""
    for i in range(len(number) - 1):
        if number[i] != number[i + 1]:
            return number[:i] + number[i + 1] + number[i] + number[i + 2 :]
    raise AssertionError("no two different neighbours")


def test_lookup_by_number_as_people_type_it(resident, case):
    response = resident.get("/cases/", {"number": case.display_number})
    assert response["Location"] == f"/cases/{case.number}/"


def test_a_mistyped_number_is_caught_by_the_check_digit(resident, case):
    response = resident.get("/cases/", {"number": mistype(case.number)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "one digit may be mistyped or two swapped" in html and 'id="id_number-error"' in html
    assert mistype(case.number) in html  # what was typed stays in the box


def test_a_number_with_the_wrong_length_says_how_long_it_is(resident, case):
    html = resident.get("/cases/", {"number": "12345"}).content.decode()
    assert "A case number has 10 digits; you typed 5." in html


def test_a_valid_number_that_is_nobodys_case(resident, city):
    from cityline.cases.numbers import with_check_digit

    response = resident.get("/cases/", {"number": with_check_digit("123456789")})
    assert response.status_code == 404 and "There is no case with the number" in response.content.decode()


def test_a_mistyped_number_in_the_address_bar(resident, case):
    response = resident.get(f"/cases/{mistype(case.number)}/")
    assert response.status_code == 404 and "one digit may be mistyped" in response.content.decode()


def test_the_case_page_shows_public_status_history_and_due_date_only(resident, case):
    html = resident.get(f"/cases/{case.number}/").content.decode()
    assert case.display_number in html and "Pothole" in html and "Received" in html
    assert "Due" in html and "Crew scheduled for Thursday." in html
    for private in ("Maria", "Secretname", "maria@example.org", "555-0177", "water main first"):
        assert private not in html
    assert Interaction.objects.filter(outcome="status_given", case=case).exists()


def test_a_grouped_number_in_the_address_bar_redirects(resident, case):
    assert resident.get(f"/cases/{case.display_number.replace(' ', '-')}/")["Location"] == f"/cases/{case.number}/"


def test_follow_by_email_sends_a_confirmation_first(resident, case):
    response = resident.post(f"/cases/{case.number}/follow/", {"channel": "email", "address": "Neighbour@Example.org"})
    assert response.status_code == 200 and "Check your e-mail" in response.content.decode()
    subscription = Subscription.objects.get(address="neighbour@example.org")
    assert subscription.confirmed_at is None
    message = OutboxMessage.objects.get(kind="confirm_subscription")
    assert message.payload["token"] == subscription.token and message.language == "en"
    assert Interaction.objects.filter(outcome="followed").exists()


def test_follow_with_a_bad_address_keeps_it_and_says_how_to_write_it(resident, case):
    response = resident.post(f"/cases/{case.number}/follow/", {"channel": "sms", "address": "12"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Write it like (620) 555-0100" in html and 'value="12"' in html


def test_confirm_then_stop_updates(resident, case):
    resident.post(f"/cases/{case.number}/follow/", {"channel": "email", "address": "n@example.org"})
    subscription = Subscription.objects.get(address="n@example.org")
    html = resident.get(f"/updates/confirm/{subscription.token}/").content.decode()
    assert "You will get updates on case" in html
    subscription.refresh_from_db()
    assert subscription.active
    # Opening the stop link (a mail scanner does) changes nothing; the button does.
    assert "Stop updates" in resident.get(f"/updates/stop/{subscription.token}/").content.decode()
    subscription.refresh_from_db()
    assert subscription.active
    html = resident.post(f"/updates/stop/{subscription.token}/").content.decode()
    assert "are stopped" in html
    subscription.refresh_from_db()
    assert not subscription.active


def test_one_click_unsubscribe_from_a_mail_program(client, case):
    subscription = actions.follow(case, channel="email", address="x@example.org", confirmed=True)
    response = client.post(f"/updates/stop/{subscription.token}/", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None


def test_links_from_a_spanish_message_open_in_spanish(client, case):
    subscription = actions.follow(case, channel="sms", address="(620) 555-0188", language="es")
    html = client.get(f"/updates/confirm/{subscription.token}/").content.decode()
    assert 'lang="es"' in html and "Recibirá" in html


def test_a_bad_token_says_the_link_does_not_work(client, city):
    assert client.get("/updates/confirm/nope/").status_code == 404
    assert client.get("/updates/stop/nope/").status_code == 404
