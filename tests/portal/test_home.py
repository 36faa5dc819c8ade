"""The home page: the city's numbers, "dial 911 in an emergency", one search box; the admin for the clerk."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db

CHICAGO = ZoneInfo("America/Chicago")


def test_home_gives_the_numbers_911_and_one_search_box(client, city):
    html = client.get("/").content.decode()
    assert "Riverton 311" in html
    assert 'href="tel:311"' in html
    assert 'href="tel:+16205550100"' in html and "(620) 555-0100" in html
    assert 'href="tel:911"' in html and 'call <a class="usa-link" href="tel:911">911</a>, not 311' in html
    assert 'action="/search/"' in html and 'name="q"' in html
    assert 'href="/report/"' in html and 'href="/cases/"' in html and 'href="/directory/"' in html


def test_home_says_whether_the_call_centre_is_open(client, city):
    with time_machine.travel(datetime(2026, 11, 17, 10, 0, tzinfo=CHICAGO), tick=False):
        assert "Open now" in client.get("/").content.decode()
    with time_machine.travel(datetime(2026, 11, 27, 10, 0, tzinfo=CHICAGO), tick=False):
        html = client.get("/").content.decode()
        assert "Closed now" in html and "Day after Thanksgiving" in html and "opens Monday at 8 a.m." in html


def test_home_in_spanish_and_the_choice_is_remembered(client, city):
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    assert response.cookies["django_language"]["max-age"] >= 365 * 24 * 3600
    html = client.get("/").content.decode()
    assert 'lang="es"' in html
    assert "Ciudad de Riverton" in html
    assert "English" in html  # the way back, on every page


def test_every_page_offers_the_other_language(client, city):
    for url in ["/", "/directory/", "/help/", "/report/", "/cases/", "/search/?q=bache"]:
        html = client.get(url).content.decode()
        assert 'name="language" value="es"' in html, url
        assert f'name="next" type="hidden" value="{url}"' in html, url


def test_home_before_any_pack_says_what_to_do(client):
    html = client.get("/").content.decode()
    assert "cityline load-pack" in html


@pytest.fixture
def clerk(db):
    return get_user_model().objects.create_superuser("clerk", "clerk@example.org", "a-long-passphrase-1")


ADMIN_PAGES = [
    "core_jurisdiction",
    "core_district",
    "core_addresspoint",
    "directory_department",
    "directory_phoneline",
    "directory_electedofficial",
    "catalog_servicetype",
    "knowledge_article",
]


@pytest.mark.parametrize("model", ADMIN_PAGES)
def test_admin_lists_and_searches_each_model(client, city, clerk, model):
    client.force_login(clerk)
    url = reverse(f"admin:{model}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "pothole"}).status_code == 200


def test_admin_department_list_shows_last_verified_and_main_line(client, city, clerk):
    client.force_login(clerk)
    html = client.get(reverse("admin:directory_department_changelist")).content.decode()
    assert "Last verified" in html
    assert "Oct. 1, 2026" in html
    assert "(620) 555-0120" in html


def test_admin_edit_page_of_a_service_type(client, city, clerk):
    from cityline.catalog.models import ServiceType

    client.force_login(clerk)
    pothole = ServiceType.objects.get(code="pothole")
    html = client.get(reverse("admin:catalog_servicetype_change", args=[pothole.pk])).content.decode()
    assert "How big is it?" in html


def test_admin_needs_a_login(client, city):
    response = client.get(reverse("admin:catalog_servicetype_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
