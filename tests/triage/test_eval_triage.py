"""``cityline eval-triage`` measures a catalog on labelled CSV files and prints one JSON object."""

from __future__ import annotations

import csv
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

CATALOG = [
    {
        "service_code": "POT",
        "service_name": "Pothole",
        "description": "A hole in the street.",
        "keywords": "pothole, hole, road",
        "group": "Streets",
    },
    {
        "service_code": "LIGHT",
        "service_name": "Streetlight out",
        "description": "A dark or flickering street light.",
        "keywords": "streetlight, lamp",
        "group": "Streets",
    },
    {
        "service_code": "NOISE",
        "service_name": "Noise complaint",
        "description": "Loud music or parties.",
        "group": "Neighborhood",
    },
]


def _write_csv(path: Path, header: list[str], rows: list[tuple]) -> str:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)


def _run(*args: str) -> dict:
    out = StringIO()
    call_command("eval_triage", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    catalog = tmp_path / "services.json"
    catalog.write_text(json.dumps(CATALOG))
    data = _write_csv(
        tmp_path / "data.csv",
        ["text", "service_code", "city"],
        [
            ("huge hole in the road by the school", "POT", "A"),
            ("the lamp on my corner is dark", "LIGHT", "A"),
            ("neighbors blasting music at 2am", "NOISE", "B"),
            ("pothole on 5th avenue", "POT", "B"),
        ],
    )
    emergency = _write_csv(
        tmp_path / "emergency.csv",
        ["text", "emergency"],
        [
            ("my house is on fire", 1),
            ("a man collapsed and is not breathing", 1),
            ("I can see smoke down the street", 1),
            ("car parked in front of the fire hydrant", 0),
            ("streetlight out on Main", 0),
            ("call the police, they are blasting music again", 0),
            ("someone dumped a couch in the alley", 0),
        ],
    )
    return {"catalog": str(catalog), "data": data, "emergency": emergency}


def test_prints_the_figures_as_one_json_object(files: dict[str, str]) -> None:
    result = _run("--catalog", files["catalog"], "--data", files["data"], "--emergency", files["emergency"])
    for key in ("top1", "top3", "macro_f1", "emergency_recall", "emergency_fpr", "ms_per_text", "n", "n_emergency"):
        assert key in result
    assert result["n"] == 4
    assert result["n_emergency"] == 3
    assert result["top1"] == 1.0
    assert result["ms_per_text"] > 0


def test_says_how_maybe_counts_in_the_emergency_figures(files: dict[str, str]) -> None:
    """ "Smoke down the street" is a weak signal: triage asks the danger question (maybe)."""
    result = _run("--catalog", files["catalog"], "--emergency", files["emergency"])
    assert "recall counts yes and maybe" in result["emergency_convention"]
    assert result["emergency_recall"] == 1.0  # all three reach 911, one after the question
    assert result["emergency_recall_yes_only"] == round(2 / 3, 4)
    # "Call the police" over loud music is asked the question too: no 911 referral, but an interruption.
    assert result["emergency_fpr"] == 0.0
    assert result["emergency_fpr_with_maybe"] == 0.25
    assert result["emergency_maybe_rate"] == 0.25


def test_trained_mode_learns_from_a_csv(files: dict[str, str], tmp_path: Path) -> None:
    train = _write_csv(
        tmp_path / "train.csv",
        ["text", "service_code"],
        [
            ("chuckhole on elm", "POT"),
            ("another chuckhole near the bank", "POT"),
            ("chuckhole again", "POT"),
        ],
    )
    result = _run("--catalog", files["catalog"], "--data", files["data"], "--train", train)
    assert result["mode"] == "trained"
    assert result["top3"] == 1.0


def test_spanish_texts_with_language_flag(files: dict[str, str], tmp_path: Path) -> None:
    data = _write_csv(
        tmp_path / "es.csv",
        ["text", "service_code"],
        [
            ("hay un bache enorme en la calle", "POT"),
            ("la lámpara de la esquina está apagada", "LIGHT"),
        ],
    )
    assert _run("--catalog", files["catalog"], "--data", data, "--language", "es")["top1"] == 1.0


def test_a_missing_file_is_an_error_a_person_can_act_on(files: dict[str, str]) -> None:
    with pytest.raises(CommandError, match=r"nope\.csv"):
        _run("--catalog", files["catalog"], "--data", "nope.csv")
