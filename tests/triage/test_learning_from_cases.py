"""A city's closed cases teach triage its residents' words; staff see the models in the admin."""

from __future__ import annotations

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from cityline.cases import actions
from cityline.cases.actions import RequesterInfo
from cityline.triage import assess
from cityline.triage.models import TrainedModel
from cityline.triage.service import forget

pytestmark = pytest.mark.django_db

SOUTH = {"lat": 38.04, "lon": -97.93}  # inside the test city
TUESDAY_MORNING = datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("America/Chicago"))

# In this city residents call a pothole a "zorbel"; the catalog never does. Residents also pick the
# wrong type: staff correct it before closing, and the corrected type is what is learned.
ZORBELS = [
    "zorbel on Elm by the school",
    "a deep zorbel at 5th and Cedar",
    "zorbels all along the bridge approach",
    "my tire blew in a zorbel on Main",
    "big zorbel in front of the bank",
    "zorbel near the bus stop keeps getting bigger",
]
DIRECTORY = [
    "the phone number listed for the library is wrong",
    "the hours shown for the pool are out of date",
    "the clerk's office number in the directory does not work",
]


def _open(service: str, text: str):
    extra = {"attributes": {"size": "large"}} if service == "pothole" else {}
    if service == "wrong-directory-entry":
        extra["requester"] = RequesterInfo(first_name="Ana", phone="620 555 0100")
    return actions.open_case(
        service_type=service, channel="web", description=text, at=TUESDAY_MORNING, **SOUTH, **extra
    )


def test_train_triage_learns_from_closed_cases_with_their_corrected_types(city) -> None:
    from cityline.catalog.models import ServiceType

    forget()
    pothole = ServiceType.objects.get(code="pothole")
    query = "another zorbel by the post office"
    before = {s.code: s.score for s in assess(query).services}
    assert before["pothole"] < 0.5

    for text in ZORBELS:
        # Filed as a directory problem by the resident, corrected by staff, then fixed and closed.
        case = _open("wrong-directory-entry", text)
        case = actions.change_service_type(case, pothole, actor="Dispatcher", note="this is a pothole")
        actions.close(case, reason="resolved", note="Filled.", actor="Crew")
    for text in DIRECTORY:
        actions.close(_open("wrong-directory-entry", text), reason="resolved", note="Corrected.", actor="Clerk")
    # Open cases are not learned from: their type may still be wrong.
    _open("gas-smell", "zorbel by the gas station")

    out = StringIO()
    call_command("train_triage", stdout=out)
    row = TrainedModel.objects.get()
    assert row.source == "cases"
    assert row.examples == len(ZORBELS) + len(DIRECTORY)
    assert row.services == 2
    assert "Trained on 9 examples over 2 service types" in out.getvalue()

    ranked = assess(query).services
    assert ranked[0].code == "pothole"
    assert ranked[0].score > max(0.5, before["pothole"] + 0.2)
    # What the catalog already said still holds.
    assert assess("I can smell natural gas outside").services[0].code == "gas-smell"


def test_train_triage_refuses_a_city_with_no_closed_cases(city) -> None:
    from django.core.management import CommandError

    _open("pothole", "open, not closed")
    with pytest.raises(CommandError, match="no closed case"):
        call_command("train_triage", stdout=StringIO())
    assert not TrainedModel.objects.exists()


def test_staff_see_the_models_in_the_admin_and_which_one_is_in_use(city, admin_client) -> None:
    from cityline.triage.engine import train
    from cityline.triage.service import current_triage

    forget()
    ranker = current_triage().ranker
    blob = train(ranker, [("zorbel on elm", "en", "pothole")] * 5).to_bytes()
    older = TrainedModel.objects.create(pack=city.slug, source="cases", examples=5, services=1, blob=blob)
    newer = TrainedModel.objects.create(
        pack=city.slug,
        source="march.csv",
        examples=400,
        services=3,
        blob=blob,
        metrics={
            "held_out": 80,
            "top1_zero_shot": 0.61,
            "top1_trained": 0.74,
            "top3_zero_shot": 0.8,
            "top3_trained": 0.9,
        },
    )

    listing = admin_client.get("/admin/triage/trainedmodel/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "march.csv" in page and "61% → 74%" in page and "80% → 90%" in page
    assert admin_client.get("/admin/triage/trainedmodel/add/").status_code == 403

    detail = admin_client.get(f"/admin/triage/trainedmodel/{newer.pk}/change/").content.decode()
    assert "top-1, trained: <strong>0.74</strong>" in detail
    assert "examples held out to measure: <strong>80</strong>" in detail
    older_page = admin_client.get(f"/admin/triage/trainedmodel/{older.pk}/change/").content.decode()
    assert "Too few examples to hold some out" in older_page

    # Deleting the newest model puts the older one back in use.
    response = admin_client.post(f"/admin/triage/trainedmodel/{newer.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert list(TrainedModel.objects.values_list("pk", flat=True)) == [older.pk]
