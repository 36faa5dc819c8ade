"""Address search: what residents type (or tap on a map) to a known place of the city."""

from __future__ import annotations

import pytest

from cityline.core import addresses
from cityline.core.addresses import AddressMatch, find_address, nearest_address, search_address_points

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_streets():
    addresses.forget_streets()
    yield
    addresses.forget_streets()


@pytest.mark.parametrize("typed", ["100 N Main St", "100 north main street", "100 N. Main St.", "100 n main st"])
def test_the_ways_people_write_an_address_find_it(city, typed):
    found = search_address_points(typed)
    assert found[0].address == "100 N Main St" and found[0].quality == "exact"


def test_a_misspelt_street_is_found_by_near_spelling(city):
    found = search_address_points("100 north mian stret")
    assert found and found[0].address == "100 N Main St"


def test_an_unknown_house_number_offers_the_nearest_numbers_on_the_street(city):
    found = search_address_points("120 e avenue b")
    assert found[0].address == "125 E Avenue B" and found[0].quality == "street"


def test_a_street_alone_lists_its_addresses(city):
    assert {m.address for m in search_address_points("main st")} >= {"100 N Main St", "200 S Main St"}


def test_nothing_like_it_finds_nothing(city):
    assert search_address_points("zzz qqq") == [] and search_address_points("1") == []


def test_the_nearest_address_to_a_map_point(city):
    near = nearest_address(38.0611, -97.9300)
    assert near.address == "100 N Main St" and near.distance_m < 20
    assert nearest_address(38.0, -97.0) is None  # nothing within 150 m


class _FakeGeocoder(addresses.Geocoder):
    def __init__(self, answers=None, fail=False):
        self.answers, self.fail = answers or [], fail

    def lookup(self, text, city):
        if self.fail:
            raise TimeoutError("the geocoder is down")
        return self.answers


def test_the_outside_geocoder_is_asked_only_for_addresses_the_city_lacks(city, monkeypatch):
    inside = AddressMatch("900 W 4th Ave", 38.055, -97.935, "geocoder")
    outside = AddressMatch("900 W 4th Ave, Elsewhere", 39.9, -95.0, "geocoder")
    monkeypatch.setattr(addresses, "configured_geocoder", lambda: _FakeGeocoder([outside, inside]))
    assert find_address("900 w 4th ave") == [inside]  # points outside the city are dropped
    assert find_address("100 N Main St")[0].quality == "exact"  # the city's own list first


def test_a_failing_geocoder_is_skipped(city, monkeypatch):
    monkeypatch.setattr(addresses, "configured_geocoder", lambda: _FakeGeocoder(fail=True))
    assert find_address("900 w 4th ave") == []


def test_the_census_geocoder_is_named_by_a_setting(settings):
    settings.CITYLINE_GEOCODER = "census"
    assert isinstance(addresses.configured_geocoder(), addresses.CensusGeocoder)
    settings.CITYLINE_GEOCODER = ""
    assert addresses.configured_geocoder() is None
