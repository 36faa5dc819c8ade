"""The forgiving text index behind the search box: accents, stems, typos and both languages."""

from __future__ import annotations

from cityline.core.search import TextIndex, words


def index() -> TextIndex:
    built = TextIndex()
    built.add("water-bill", [("How do I pay my water bill? ¿Cómo pago mi recibo del agua?", 3.0)])
    built.add("trash-day", [("When is my trash picked up? Garbage pickup day", 3.0)])
    built.add("potholes", [("Potholes: who fixes them. Baches en la calle", 3.0)])
    return built.freeze()


def test_stop_words_and_accents_are_dropped():
    assert words("¿Dónde pago mi factura de agua?") == ["pago", "factura", "agua"]


def test_accents_are_folded_and_spanish_is_stemmed():
    assert index().search("donde pago el AGUA")[0].key == "water-bill"


def test_english_plurals_and_verb_forms_meet():
    assert index().search("pothole")[0].key == "potholes"
    assert index().search("pick up trash")[0].key == "trash-day"


def test_a_typo_still_finds_the_word():
    hit = index().search("garbge pikup")[0]
    assert hit.key == "trash-day" and hit.coverage == 1.0


def test_coverage_says_how_much_of_the_question_matched():
    hit = index().search("pothole zeppelin")[0]
    assert hit.key == "potholes" and 0.3 < hit.coverage < 0.7


def test_an_empty_or_unknown_query_finds_nothing():
    assert index().search("") == [] and index().search("the of and") == [] and index().search("zeppelin") == []
