"""The greeting: the city's name, at once the 911 sentence, the Spanish offer, and what City Hall's
calendar says today (open, closed for the night, a holiday, closing early)."""

from __future__ import annotations

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from cityline.cases.interactions import end_interaction, start_interaction
from cityline.cases.models import Interaction

pytestmark = pytest.mark.django_db

CENTRAL = ZoneInfo("America/Chicago")
OPEN = datetime(2026, 11, 30, 10, 0, tzinfo=CENTRAL)  # a Monday morning
EVENING = datetime(2026, 11, 30, 19, 0, tzinfo=CENTRAL)
THANKSGIVING = datetime(2026, 11, 26, 10, 0, tzinfo=CENTRAL)
CHRISTMAS_EVE = datetime(2026, 12, 24, 10, 0, tzinfo=CENTRAL)


def test_the_city_then_at_once_911_then_the_spanish_offer(city, phone, time_machine):
    time_machine.move_to(OPEN, tick=False)
    heard = phone().dial()
    assert heard.says == [
        ("en", "City of Riverton, 3 1 1."),
        ("en", "If this is an emergency, hang up and dial 9 1 1."),
        ("es", "Para español, oprima 2."),
    ]
    assert heard.waiting_for == "keys"


def test_pressing_2_turns_the_call_into_spanish_with_the_911_sentence_first(city, phone, time_machine):
    time_machine.move_to(OPEN, tick=False)
    call = phone()
    call.dial()
    heard = call.press("2")
    assert heard.says[0] == ("es", "Si es una emergencia, cuelgue y marque 9 1 1.")
    assert "oprima 1 para reportar un problema" in heard.text
    assert heard.gather["language"] == "es-US"
    call.hang_up()
    assert Interaction.objects.get().language == "es"


def test_the_spanish_line_and_a_caller_who_chose_spanish_before_are_greeted_in_spanish(city, phone, time_machine):
    time_machine.move_to(OPEN, tick=False)
    heard = phone(caller="+16205550111").dial(spanish_line=True)
    assert heard.says[:3] == [
        ("es", "Ciudad de Riverton, 3 1 1."),
        ("es", "Si es una emergencia, cuelgue y marque 9 1 1."),
        ("en", "For English, press 1."),
    ]
    earlier = start_interaction(channel="ivr", language="es", contact="+16205550122")
    end_interaction(earlier, "information")
    assert phone(caller="+16205550122").dial().says[0] == ("es", "Ciudad de Riverton, 3 1 1.")


def test_open_hours_have_no_notice(city, phone, time_machine):
    time_machine.move_to(OPEN, tick=False)
    call = phone()
    call.dial()
    heard = call.silence()
    assert heard.text.startswith("Tell me in a few words how I can help.")


def test_after_hours_says_when_city_hall_opens(city, phone, time_machine):
    time_machine.move_to(EVENING, tick=False)
    call = phone()
    call.dial()
    heard = call.silence()
    assert heard.says[0] == ("en", "City offices are closed now. They open again tomorrow at 8 AM.")
    assert "You can still report a problem or check on a case here, at any hour." in heard.text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "City offices are closed today for Thanksgiving Day."),
        ("es", "Hoy las oficinas de la ciudad están cerradas por Día de Acción de Gracias."),
    ],
)
def test_a_holiday_is_named_in_the_callers_language(city, phone, time_machine, language, expected):
    time_machine.move_to(THANKSGIVING, tick=False)
    call = phone()
    call.dial(spanish_line=language == "es")
    heard = call.silence()
    assert expected in heard.text
    if language == "en":
        # The day after Thanksgiving is the city's own closure: they open again on Monday.
        assert "They open again Monday at 8 AM." in heard.text


def test_a_short_day_says_when_city_hall_closes(city, phone, time_machine):
    time_machine.move_to(CHRISTMAS_EVE, tick=False)
    call = phone()
    call.dial()
    assert "City offices close early today, at noon, for Christmas Eve." in call.silence().text


def test_the_flow_map_measures_the_911_sentence_within_eight_seconds(city, tmp_path):
    out = StringIO()
    call_command("voice", "map", "--output", str(tmp_path / "flow.svg"), stdout=out)
    text = out.getvalue()
    for language in ("en", "es"):
        line = next(line for line in text.splitlines() if line.startswith(f"Greeting ({language})"))
        seconds = float(line.split("ends at ")[1].split(" s")[0])
        assert 2.0 < seconds <= 8.0, line
        assert line.endswith("s.") and "OK" in line
    written = next(tmp_path.iterdir())
    assert written.suffix in {".svg", ".mmd"}
    assert "Main menu" in written.read_text()


def test_without_graphviz_the_map_is_written_as_mermaid(city, tmp_path, monkeypatch):
    from cityline.voice import flowmap

    monkeypatch.setattr(flowmap, "dot_available", lambda: False)
    out = StringIO()
    call_command("voice", "map", "--output", str(tmp_path / "flow.svg"), stdout=out)
    assert "Graphviz's `dot` is not installed: wrote Mermaid text instead." in out.getvalue()
    text = (tmp_path / "flow.mmd").read_text()
    assert text.startswith("flowchart TB")
    assert 'menu -->|"1"| report_describe' in text
