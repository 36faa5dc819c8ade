"""Case numbers: digits only, a Damm check digit that catches typos, grouped for reading aloud."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cityline.cases import numbers

bodies = st.text(alphabet="0123456789", min_size=numbers.BODY_DIGITS, max_size=numbers.BODY_DIGITS)


@given(body=bodies, position=st.integers(0, numbers.LENGTH - 1), replacement=st.integers(0, 9))
def test_every_single_digit_error_is_caught(body, position, replacement):
    number = numbers.with_check_digit(body)
    typo = number[:position] + str(replacement) + number[position + 1 :]
    assert numbers.is_valid(number)
    assert numbers.is_valid(typo) == (typo == number)


@given(body=bodies, position=st.integers(0, numbers.LENGTH - 2))
def test_every_adjacent_transposition_is_caught(body, position):
    number = numbers.with_check_digit(body)
    swapped = number[:position] + number[position + 1] + number[position] + number[position + 2 :]
    assert numbers.is_valid(swapped) == (swapped == number)


def test_new_numbers_are_valid_ten_digit_numbers_without_a_leading_zero():
    drawn = {numbers.new_number() for _ in range(500)}
    assert len(drawn) == 500
    assert all(len(n) == 10 and n[0] != "0" and numbers.is_valid(n) for n in drawn)


def test_grouped_for_print_and_spoken_digit_by_digit():
    number = numbers.with_check_digit("261405873")
    assert numbers.grouped(number) == f"2614 0587 3{number[-1]}"
    assert numbers.spoken(number) == f"2 6 1 4, 0 5 8 7, 3 {number[-1]}"


def test_parse_accepts_spaces_and_dashes_as_people_type_them():
    number = numbers.new_number()
    assert numbers.parse(numbers.grouped(number)) == number
    assert numbers.parse(f"{number[:4]}-{number[4:8]}-{number[8:]}") == number


@pytest.mark.parametrize(
    "typed, message",
    [
        ("12345", "has 10 digits; this one has 5"),
        ("case 12", "digits only"),
        ("", "digits only"),
    ],
)
def test_parse_refuses_with_a_message_a_resident_can_act_on(typed, message):
    with pytest.raises(numbers.CaseNumberError, match=message):
        numbers.parse(typed)


def test_parse_refuses_a_mistyped_number():
    number = numbers.new_number()
    typo = number[:3] + str((int(number[3]) + 1) % 10) + number[4:]
    with pytest.raises(numbers.CaseNumberError, match="not valid: please check the digits"):
        numbers.parse(typo)
