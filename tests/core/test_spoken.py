"""Numbers in words, yes or no, and addresses as a speech recogniser writes them, in English and Spanish."""

from __future__ import annotations

import pytest

from cityline.core.spoken import address_as_written, digits_in, number_in, numbers_in_words_to_digits, yes_or_no


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("one hundred north main street", "100 north main street"),
        ("fifteen hundred west fourth", "1500 west fourth"),
        ("three hundred and six elm", "306 elm"),
        ("twenty six fourteen oh five", "26 14 0 5"),
        ("treinta y cinco", "35"),
        ("dos mil veinticinco", "2025"),
        ("cien norte main", "100 norte main"),
        # Spanish "o" (or) and "un" (a) are words, not numbers, unless beside a number.
        ("quiero reportar un bache o una fuga", "quiero reportar un bache o una fuga"),
    ],
)
def test_number_words_are_written_as_digits(said, written):
    assert numbers_in_words_to_digits(said) == written


def test_a_case_number_said_digit_by_digit_or_in_groups():
    assert digits_in("two six one four, oh five eight seven, three nine") == "2614058739"
    assert digits_in("twenty six fourteen oh five eighty seven thirty nine") == "2614058739"
    assert digits_in("dos seis uno cuatro cero cinco ocho siete tres nueve") == "2614058739"
    assert number_in("about three inches") == 3
    assert number_in("no sé") is None


@pytest.mark.parametrize(
    ("reply", "answer"),
    [
        ("yes", True),
        ("Sí, correcto", True),
        ("1", True),
        ("that's right", True),
        ("no", False),
        ("2", False),
        ("nope", False),
        ("maybe", None),
        ("", None),
    ],
)
def test_yes_or_no(reply, answer):
    assert yes_or_no(reply) is answer


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("one hundred north main street", "100 north main street"),
        ("calle Main 200 sur", "200 south main"),
        ("Main Street 100 North", "100 north main street"),
        ("the corner of Elm and Fifth", "the corner of elm and fifth"),
    ],
)
def test_addresses_are_written_as_on_a_letter(said, written):
    assert address_as_written(said) == written
