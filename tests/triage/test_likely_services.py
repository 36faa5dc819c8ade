"""A channel offers triage's guess only when it holds a real share of belief."""

from __future__ import annotations

from cityline.triage.assessment import Assessment, ServiceMatch
from cityline.triage.emergency import EmergencyCheck

NO = EmergencyCheck("no", "", "", "", "")


def test_vague_text_offers_nothing_and_a_clear_one_its_ranking():
    vague = Assessment("en", NO, "problem", [ServiceMatch("a", "A", 0.12), ServiceMatch("b", "B", 0.1)])
    clear = Assessment("en", NO, "problem", [ServiceMatch("a", "A", 0.9), ServiceMatch("b", "B", 0.05)])
    assert vague.likely_services() == []
    assert [m.code for m in clear.likely_services()] == ["a", "b"]
    assert Assessment("en", NO, "problem").likely_services() == []
