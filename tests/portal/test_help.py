"""Help articles: by topic, in the reader's language, with who to call and "report this"."""

from __future__ import annotations

import pytest

from cityline.cases.models import Interaction

pytestmark = pytest.mark.django_db


def test_articles_are_listed_by_topic(client, city):
    html = client.get("/help/").content.decode()
    assert "Trash and recycling" in html and 'href="/help/trash-day/"' in html


def test_topics_in_spanish_list_the_spanish_articles(spanish, city):
    html = spanish.get("/help/").content.decode()
    assert "Basura y reciclaje" in html and "¿Cuándo recogen la basura?" in html
    assert "When is my trash picked up?" not in html


def test_an_article_with_its_lines_and_report_link(resident, city):
    html = resident.get("/help/trash-day/").content.decode()
    assert "<strong>once a week</strong>" in html
    assert "Public Works" in html and 'href="tel:+16205550120"' in html
    assert 'href="/report/new/pothole/"' in html
    interaction = Interaction.objects.get()
    assert (interaction.outcome, interaction.article.key, interaction.channel) == ("information", "trash-day", "web")


def test_the_spanish_article_borrows_its_twins_links(spanish, city):
    html = spanish.get("/help/trash-day/").content.decode()
    assert "¿Cuándo recogen la basura?" in html and 'href="/report/new/pothole/"' in html


def test_reading_the_same_article_twice_counts_once(resident, city):
    resident.get("/help/trash-day/")
    resident.get("/help/trash-day/")
    assert Interaction.objects.count() == 1


def test_crawlers_are_not_counted(client, city):
    client.get("/help/trash-day/", HTTP_USER_AGENT="Googlebot/2.1")
    assert Interaction.objects.count() == 0


def test_help_search(client, city):
    html = client.get("/help/", {"q": "garbage"}).content.decode()
    assert "Articles about “garbage”" in html and 'href="/help/trash-day/"' in html
    assert "No article matches" in client.get("/help/", {"q": "zeppelin"}).content.decode()


def test_an_unknown_article_is_404(client, city):
    assert client.get("/help/no-such-article/").status_code == 404
