"""The one search box: the best department line, article, staff contact and report type together."""

from __future__ import annotations

import pytest

from cityline.cases.models import Interaction

pytestmark = pytest.mark.django_db


def best_answers(html: str) -> str:
    return html.split("Best answers for")[1].split("Help articles")[0]


def test_a_problem_word_offers_report_this_with_the_type_chosen(resident, city):
    html = resident.get("/search/", {"q": "pothole"}).content.decode()
    assert 'href="/report/new/pothole/"' in best_answers(html)


def test_spanish_words_without_accents_find_the_department_line(resident, city):
    html = resident.get("/search/", {"q": "obras publicas"}).content.decode()
    answers = best_answers(html)
    assert "Public Works" in answers and 'href="tel:+16205550120"' in answers


def test_a_typo_still_finds_it(resident, city):
    html = resident.get("/search/", {"q": "pothle"}).content.decode()
    assert 'href="/report/new/pothole/"' in html


def test_a_staff_title_finds_the_person_to_call(resident, city):
    html = resident.get("/search/", {"q": "director public works"}).content.decode()
    assert "Director of Public Works" in best_answers(html) and 'href="tel:+16205550122"' in html


def test_nothing_found_says_what_else_to_do(resident, city):
    html = resident.get("/search/", {"q": "zeppelin mooring"}).content.decode()
    assert "Nothing found for “zeppelin mooring”" in html and 'href="tel:+16205550100"' in html


def test_an_emergency_typed_in_the_search_box_shows_911(resident, city):
    html = resident.get("/search/", {"q": "my house is on fire"}).content.decode()
    assert "This may be an emergency: call 911" in html
    assert Interaction.objects.get().outcome == "emergency_advisory"


def test_an_empty_search_shows_the_box(resident, city):
    response = resident.get("/search/")
    assert response.status_code == 200 and "Best answers" not in response.content.decode()


def test_trash_pickup_day_in_hutchinson(resident, hutchinson):
    html = resident.get("/search/", {"q": "trash pickup day"}).content.decode()
    answers = best_answers(html)
    assert "When is my trash picked up?" in answers
    assert "Sanitation" in answers and "tel:+1620555" in answers
    interaction = Interaction.objects.get()
    assert (interaction.outcome, interaction.article.key) == ("information", "trash-pickup-day")


def test_where_do_i_pay_my_water_bill_in_spanish(spanish, hutchinson):
    html = spanish.get("/search/", {"q": "¿dónde pago mi factura de agua?"}).content.decode()
    answers = html.split("Mejores respuestas para")[1].split("Artículos de ayuda")[0]
    assert "¿Cómo pago mi recibo del agua?" in answers and 'href="/help/pay-water-bill/"' in answers
    assert "Facturación de Servicios Públicos" in answers and 'href="tel:+16205550114"' in answers


def test_the_same_search_twice_in_a_visit_counts_once(resident, hutchinson):
    resident.get("/search/", {"q": "trash pickup day"})
    resident.get("/search/", {"q": "Trash pickup day"})
    assert Interaction.objects.count() == 1
