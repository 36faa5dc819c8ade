"""Who may see the staff dashboard: supervisors and administrators everything, department staff
their own departments' case figures, nobody else."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db
VIEWS = ["volume", "accountability", "call-centre", "places", "staffing"]


@pytest.mark.parametrize("view", VIEWS)
def test_anonymous_visitors_are_sent_to_sign_in(client, city, view):
    response = client.get(f"/insights/{view}/")
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert client.get(f"/insights/{view}/trend.csv").status_code == 302


def test_a_supervisor_sees_every_view(client, city, staff):
    client.force_login(staff["supervisor"])
    for view in VIEWS:
        assert client.get(f"/insights/{view}/").status_code == 200, view
    assert client.get("/insights/").status_code == 302


def test_call_takers_and_people_without_a_role_are_refused(client, city, staff, django_user_model):
    client.force_login(staff["call_taker"])
    assert client.get("/insights/volume/").status_code == 403
    assert client.get("/insights/").status_code == 403
    client.force_login(django_user_model.objects.create_user("nobody"))
    assert client.get("/insights/accountability/").status_code == 403


def test_department_staff_see_only_their_departments(client, refreshed, staff):
    client.force_login(staff["clerk_staff"])
    page = client.get("/insights/accountability/?start=2026-03-01&end=2026-03-31")
    assert page.status_code == 200
    text = page.content.decode()
    assert "City Clerk" in text and "Public Works" not in text.split("<main")[1]
    csv = client.get(
        "/insights/accountability/on-time-departments.csv?start=2026-03-01&end=2026-03-31"
    ).content.decode()
    assert "City Clerk" in csv and "Public Works" not in csv
    # Asking for another department's figures is refused, on the page and in the CSV.
    other = staff["public_works"].pk
    assert client.get(f"/insights/accountability/?department={other}").status_code == 403
    assert client.get(f"/insights/volume/trend.csv?department={other}").status_code == 403
    # The call centre and staffing are for supervisors.
    assert client.get("/insights/call-centre/").status_code == 403
    assert client.get("/insights/staffing/").status_code == 403


def test_wrong_filters_get_a_clear_error_and_keep_what_was_typed(client, city, staff):
    client.force_login(staff["supervisor"])
    response = client.get("/insights/volume/?start=2026-03-10&end=2026-03-01&channel=phone")
    assert response.status_code == 400
    text = response.content.decode()
    assert "The end date is before the start date" in text
    assert 'value="2026-03-10"' in text and '<option value="phone" selected>' in text
    bad = client.get("/insights/volume/trend.csv?start=yesterday")
    assert bad.status_code == 400 and "start" in bad.content.decode()
