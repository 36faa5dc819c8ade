"""A bad pack is refused with every problem listed as file:line: field: reason, and nothing is written."""

from __future__ import annotations

import pytest

from cityline.catalog.models import ServiceType
from cityline.core.models import Jurisdiction
from cityline.packs.loader import PackInvalid, load_pack

pytestmark = pytest.mark.django_db


def edit(path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1))


def problems_of(pack) -> list[str]:
    with pytest.raises(PackInvalid) as refused:
        load_pack(pack)
    return [str(problem) for problem in refused.value.problems]


def line_of(path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), start=1) if text in line)


def test_unknown_department(pack_copy):
    services = pack_copy / "services.yaml"
    edit(services, "department: city-clerk", "department: city-clerks-office")
    line = line_of(services, "department: city-clerks-office")
    assert problems_of(pack_copy) == [
        f'services.yaml:{line}: services[2].department: unknown department "city-clerks-office" (not in departments.yaml)'
    ]


def test_duplicate_service_code(pack_copy):
    services = pack_copy / "services.yaml"
    edit(services, "code: wrong-directory-entry", "code: pothole")
    problems = problems_of(pack_copy)
    assert 'services.yaml:2: services[0].code: duplicate service code "pothole"' in problems
    assert any(p.startswith("services.yaml:") and "services[2].code: duplicate" in p for p in problems)


def test_bad_phone_number(pack_copy):
    departments = pack_copy / "departments.yaml"
    edit(departments, '"(620) 555-0130"', '"555-01"')
    line = line_of(departments, '"555-01"')
    (problem,) = problems_of(pack_copy)
    assert problem.startswith(f"departments.yaml:{line}: departments[1].phones[0].number: ")
    assert '"555-01"' in problem and "not" in problem


def test_invalid_time_zone(pack_copy):
    edit(pack_copy / "city.yaml", "America/Chicago", "America/Hutchinson")
    (problem,) = problems_of(pack_copy)
    assert problem == 'city.yaml:5: time_zone: "America/Hutchinson" is not an IANA time zone (e.g. America/Chicago)'


def test_holiday_rule_that_does_not_exist(pack_copy):
    edit(pack_copy / "city.yaml", "skip: [Veterans Day,", "skip: [Founders Day,")
    (problem,) = problems_of(pack_copy)
    assert problem.startswith("city.yaml:18: holidays.skip: no such holiday rule: 'Founders Day'")
    assert "Veterans Day" in problem  # the names it does know are listed, so the clerk can pick one


def test_unknown_holiday_country(pack_copy):
    edit(pack_copy / "city.yaml", "country: US", "country: XX")
    problems = problems_of(pack_copy)
    assert (
        'city.yaml:16: holidays.country: "XX" is not a country the holidays library knows (use an ISO code such as US)'
        in problems
    )


def test_list_attribute_without_values(pack_copy):
    services = pack_copy / "services.yaml"
    text = services.read_text()
    start = text.index("        values:\n")
    end = text.index("      - code: depth_cm")
    services.write_text(text[:start] + text[end:])
    (problem,) = problems_of(pack_copy)
    assert problem.startswith("services.yaml:11: services[0].attributes[0].values: a singlevaluelist attribute needs")


def test_sla_that_is_not_a_duration(pack_copy):
    services = pack_copy / "services.yaml"
    edit(services, "sla: 3 business days", "sla: soon")
    line = line_of(services, "sla: soon")
    (problem,) = problems_of(pack_copy)
    assert problem == (
        f'services.yaml:{line}: services[0].sla: "soon" is not a duration; write "N business hours", '
        '"N business days", "N hours" or "N days"'
    )


def test_malformed_yaml(pack_copy):
    edit(pack_copy / "departments.yaml", "  - slug: city-clerk", "  - slug: [city-clerk")
    problems = problems_of(pack_copy)
    assert problems[0].startswith("departments.yaml:") and "not valid YAML" in problems[0]


def test_article_without_a_language(pack_copy):
    article = pack_copy / "knowledge" / "es" / "trash-day.md"
    edit(article, "language: es\n", "")
    (problem,) = problems_of(pack_copy)
    assert problem == "knowledge/es/trash-day.md:2: language: required field is missing"


def test_article_in_the_wrong_folder_and_unknown_link(pack_copy):
    article = pack_copy / "knowledge" / "es" / "trash-day.md"
    edit(article, "language: es", "language: en")
    edit(article, "departments: [public-works]", "departments: [sanitation]")
    problems = problems_of(pack_copy)
    assert 'knowledge/es/trash-day.md:3: language: "en" does not match the folder knowledge/es/' in problems
    assert 'knowledge/es/trash-day.md:7: departments[0]: unknown department "sanitation"' in problems


def test_misspelt_field_is_not_silently_ignored(pack_copy):
    edit(pack_copy / "services.yaml", "    requires_contact: true", "    requires_contct: true")
    (problem,) = problems_of(pack_copy)
    assert problem.endswith(
        "services[2].requires_contct: unknown field (check its spelling against docs/city-packs.md)"
    )


def test_address_outside_the_city(pack_copy):
    with (pack_copy / "addresses.csv").open("a") as csv:
        csv.write("9 Far Away Rd,39.5,-95.0\n")
    (problem,) = problems_of(pack_copy)
    assert problem == "addresses.csv:5: lat,lon: 9 Far Away Rd (39.5, -95.0) is outside the city boundary"


def test_every_problem_is_listed_at_once_and_nothing_is_written(pack_copy):
    edit(pack_copy / "city.yaml", "America/Chicago", "Mars/Olympus")
    edit(pack_copy / "services.yaml", "sla: 4 hours", "sla: four hours")
    edit(pack_copy / "departments.yaml", "last_verified: 2026-09-15", "last_verified: last week")
    problems = problems_of(pack_copy)
    assert len(problems) == 3
    assert {p.split(":")[0] for p in problems} == {"city.yaml", "services.yaml", "departments.yaml"}
    assert not Jurisdiction.objects.exists()
    assert not ServiceType.objects.exists()


def test_a_pack_that_does_not_exist():
    with pytest.raises(PackInvalid, match=r"no city\.yaml here"):
        load_pack("atlantis-xx")
