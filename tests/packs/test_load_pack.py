"""Loading packs: the shipped cities load, a reload is idempotent and says what changed, --check writes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from cityline.catalog.models import Attribute, ServiceType
from cityline.core.models import AddressPoint, Jurisdiction, current_jurisdiction
from cityline.directory.models import Department, PhoneLine
from cityline.knowledge.models import Article
from cityline.packs.loader import available_packs, load_pack

pytestmark = pytest.mark.django_db

SHIPPED = ["hutchinson-ks", "hartford-ct"]


def row_counts() -> dict[str, int]:
    models = [Jurisdiction, Department, PhoneLine, ServiceType, Attribute, Article, AddressPoint]
    return {model.__name__: model.objects.count() for model in models}


def test_both_cities_ship_with_cityline():
    assert set(SHIPPED) <= set(available_packs())


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_pack_loads_with_the_size_a_city_needs(name):
    result = load_pack(name)
    assert result.written
    city = current_jurisdiction()
    assert city.slug == name
    assert city.languages[:2] == ["en", "es"]
    assert Department.objects.filter(active=True).count() >= 12
    assert ServiceType.objects.filter(active=True).count() >= 30
    assert Attribute.objects.exists()
    for language in ("en", "es"):
        assert Article.objects.filter(language=language).count() >= 40
    # Every English article has its Spanish version under the same key.
    english = set(Article.objects.filter(language="en").values_list("key", flat=True))
    spanish = set(Article.objects.filter(language="es").values_list("key", flat=True))
    assert english == spanish
    assert result.pack.warnings == []


def test_hartford_publishes_its_real_311_numbers():
    load_pack("hartford-ct")
    city = current_jurisdiction()
    assert (city.short_code, city.phone) == ("311", "+18607579311")
    assert city.time_zone == "America/New_York"


def test_reload_changes_nothing():
    first = load_pack("hutchinson-ks")
    counts = row_counts()
    version = current_jurisdiction().catalog_version
    second = load_pack("hutchinson-ks")
    assert first.log.changed
    assert second.log.lines == []
    assert row_counts() == counts
    assert current_jurisdiction().catalog_version == version


def test_check_validates_and_writes_nothing(pack_copy):
    out = StringIO()
    call_command("load_pack", str(pack_copy), "--check", stdout=out)
    assert "added       service type pothole" in out.getvalue()
    assert "The pack is valid; nothing was written" in out.getvalue()
    assert set(row_counts().values()) == {0}
    assert current_jurisdiction() is None


def test_check_of_a_loaded_pack_reports_only_the_difference(pack_copy):
    load_pack(pack_copy)
    services = pack_copy / "services.yaml"
    services.write_text(services.read_text().replace("priority: urgent", "priority: high"))
    out = StringIO()
    call_command("load_pack", str(pack_copy), "--check", stdout=out)
    assert "changed     service type gas-smell: priority" in out.getvalue()
    assert ServiceType.objects.get(code="gas-smell").priority == "urgent"


def test_reload_reports_each_change(pack_copy):
    load_pack(pack_copy)
    services = pack_copy / "services.yaml"
    services.write_text(services.read_text().replace("sla: 3 business days", "sla: 2 business days"))
    departments = pack_copy / "departments.yaml"
    departments.write_text(departments.read_text().replace('"(620) 555-0130"', '"(620) 555-0131"'))
    result = load_pack(pack_copy)
    assert sorted(result.log.lines) == [
        "changed     phone line city-clerk #1: number",
        "changed     service type pothole: sla_amount",
    ]
    assert PhoneLine.objects.get(department__slug="city-clerk").number == "+16205550131"


def test_a_service_type_dropped_from_the_pack_is_removed(pack_copy):
    load_pack(pack_copy)
    services = pack_copy / "services.yaml"
    text = services.read_text()
    services.write_text(
        text[: text.index("  - code: gas-smell")] + text[text.index("  - code: wrong-directory-entry") :]
    )
    result = load_pack(pack_copy)
    assert "removed     service type gas-smell" in result.log.lines
    assert not ServiceType.objects.filter(code="gas-smell").exists()


def test_command_prints_every_problem_and_fails(pack_copy):
    (pack_copy / "city.yaml").write_text((pack_copy / "city.yaml").read_text().replace("America/Chicago", "Nowhere"))
    err = StringIO()
    with pytest.raises(Exception, match="the pack was not loaded: 1 problem"):
        call_command("load_pack", str(pack_copy), stderr=err)
    assert 'city.yaml:5: time_zone: "Nowhere" is not an IANA time zone' in err.getvalue()


def test_a_second_city_is_refused_in_the_same_database(city):
    from cityline.packs.loader import PackInvalid

    with pytest.raises(PackInvalid, match="Cityline serves one city per database"):
        load_pack("hutchinson-ks")
