"""A report in progress, kept server-side between its steps (describe → type → details → review).

The draft lives in the resident's session (the database by default, so any web process can answer
the next step) and its photos, already cleaned, in the media storage under ``report-drafts/``. Going
back, fixing an error or losing the connection loses nothing already typed. The draft's id is the
``open_case`` idempotency key: sending the same draft twice (a double tap, a retried POST) gives one
case.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest

_SESSION_KEY = "portal_report_draft"
PHOTO_FOLDER = "report-drafts"


@dataclass
class DraftPhoto:
    path: str  # in default_storage
    name: str  # the resident's file name, for display
    size: int
    content_type: str = "image/jpeg"


@dataclass
class Draft:
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    text: str = ""  # the resident's own words, step 1
    checked_text: str = ""  # the last text the emergency check passed
    danger_question: str = ""  # triage's "is anyone in danger?" for a possible emergency
    danger_category: str = ""
    after_safety: str = ""  # the step to go on to once the resident says nobody is in danger
    suggestions: list[str] = field(default_factory=list)  # service codes triage suggested
    service_code: str = ""
    description: str = ""
    attributes: dict[str, Any] = field(default_factory=dict)
    address: str = ""
    lat: float | None = None
    lon: float | None = None
    address_as_written: bool = False
    resolved: str = ""  # the address the lat/lon were found for (typing another one drops them)
    pinned: bool = False  # the place is a pin on the map
    photos: list[dict[str, Any]] = field(default_factory=list)
    contact: dict[str, str] = field(default_factory=dict)
    details_done: bool = False

    # --- storage -------------------------------------------------------------------------------

    @classmethod
    def load(cls, request: HttpRequest) -> Draft:
        data = request.session.get(_SESSION_KEY)
        if not isinstance(data, dict):
            return cls()
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        return cls(**known)

    def save(self, request: HttpRequest) -> None:
        request.session[_SESSION_KEY] = asdict(self)

    def discard(self, request: HttpRequest, *, delete_photos: bool = True) -> None:
        if delete_photos:
            for photo in self.photo_list:
                default_storage.delete(photo.path)
        request.session.pop(_SESSION_KEY, None)

    # --- photos --------------------------------------------------------------------------------

    @property
    def photo_list(self) -> list[DraftPhoto]:
        return [DraftPhoto(**photo) for photo in self.photos]

    def add_photo(self, content: bytes, name: str, content_type: str) -> DraftPhoto:
        stored = default_storage.save(f"{PHOTO_FOLDER}/{self.id}/photo.jpg", ContentFile(content))
        photo = DraftPhoto(path=stored, name=name[:100], size=len(content), content_type=content_type)
        self.photos = [*self.photos, asdict(photo)]
        return photo

    def remove_photo(self, index: int) -> None:
        photos = self.photo_list
        if 0 <= index < len(photos):
            default_storage.delete(photos[index].path)
            del self.photos[index]

    # --- state ---------------------------------------------------------------------------------

    @property
    def has_location(self) -> bool:
        return self.lat is not None or bool(self.address)
