"""Small builders shared by the portal's tests: photos with metadata, a report sent step by step."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

# Inside the minimal pack's city limits (Riverton), and a point well outside them.
INSIDE = (38.0610, -97.9300)
OUTSIDE = (39.5, -95.0)


def phone_photo(name: str = "IMG_0001.jpg", size: tuple[int, int] = (640, 480), gps: bool = True) -> SimpleUploadedFile:
    """A JPEG as a phone writes it: EXIF with the camera, the time and (by default) where it was taken."""
    image = Image.new("RGB", size, (120, 90, 60))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 15"  # Model
    exif[0x0132] = "2026:11:28 21:04:00"  # DateTime
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to show
    if gps:
        exif[0x8825] = {1: "N", 2: (38.0, 3.0, 39.6), 3: "W", 4: (97.0, 55.0, 48.0)}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif, comment=b"taken at home")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def describe(client, text: str):
    return client.post("/report/", {"text": text})


def report_pothole(client, *, size: str = "large", address: str = "100 N Main St", photos=(), **extra):
    """Describe → choose Pothole → details; returns the details response (a redirect when accepted)."""
    describe(client, "A deep pothole in the road")
    client.post("/report/type/", {"service": "pothole"})
    data = {
        "description": "A deep pothole in the road",
        "attribute_size": size,
        "address": address,
        "action": "continue",
        **extra,
    }
    if photos:
        data["photos"] = list(photos)
    return client.post("/report/details/", data)


def send(client):
    draft = client.session["portal_report_draft"]["id"]
    return client.post("/report/review/", {"draft": draft})


def warm_search() -> None:
    """Build the search indexes and triage's model now, in this process, so that a browser test's
    first page does not wait for them (a live server runs in the test's process)."""
    from cityline.catalog.search import search_service_types
    from cityline.directory.search import search_contacts, search_departments
    from cityline.knowledge.search import search_articles
    from cityline.portal import triage

    search_articles("trash", "en")
    search_departments("trash")
    search_contacts("director")
    search_service_types("pothole")
    triage.assess("pothole", "en")
