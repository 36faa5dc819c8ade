"""The home page lists the city's numbers and departments; the admin is reachable for the clerk."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_lists_numbers_and_departments(client, city):
    page = client.get("/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Riverton 311" in html
    assert 'href="tel:311"' in html
    assert 'href="tel:+16205550100"' in html and "(620) 555-0100" in html
    assert "hang up and dial 911" in html
    assert "Public Works" in html and 'href="tel:+16205550120"' in html
    assert "City Clerk" in html


def test_home_in_spanish(client, city):
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    html = client.get("/").content.decode()
    assert 'lang="es"' in html
    assert "Obras Públicas" in html
    assert "Secretaría Municipal" in html


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
