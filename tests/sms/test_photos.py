"""Photos by MMS: fetched from the provider's media URL (a local fake provider here), checked for type
and size, and kept as the case's photos."""

from __future__ import annotations

import pytest

from cityline.cases.models import Attachment, Case
from cityline.sms.models import PendingPhoto

from .conftest import JPEG, FakeProvider

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_photo_first_then_the_words_make_one_case_with_the_photo(city, texter, provider_media):
    phone = texter()
    assert phone.send("", media=[(f"{provider_media}/photo.jpg", "image/jpeg")]) == [
        "Thanks for the photo. What is the problem, and where is it? E.g. pothole at 100 N Main St"
    ]
    phone.send("pothole at 200 S Main St")
    phone.send("yes")
    phone.send("1")
    case = Case.objects.get()
    attachment = Attachment.objects.get(case=case)
    assert (attachment.content_type, attachment.size) == ("image/jpeg", len(JPEG))
    assert attachment.file.read() == JPEG
    assert not PendingPhoto.objects.exists()


def test_a_photo_with_the_report_and_one_through_the_providers_redirect(city, texter, provider_media, settings):
    settings.TWILIO_ACCOUNT_SID = "AC" + "1" * 32
    phone = texter()
    phone.send("pothole at 200 S Main St", media=[(f"{provider_media}/redirect", "image/jpeg")])
    assert phone.send("", media=[(f"{provider_media}/photo.png", "image/png")])[0].startswith("Photo added.")
    phone.send("yes")
    phone.send("2")
    assert sorted(Case.objects.get().attachments.values_list("content_type", flat=True)) == ["image/jpeg", "image/png"]
    # The account's credentials go to the provider's host only.
    assert all(auth.startswith("Basic ") for _path, auth in FakeProvider.requests)


@pytest.mark.parametrize(
    ("path", "declared", "reply"),
    [
        ("page.html", "text/html", "That file is not a photo we can use (JPEG, PNG, GIF or WebP)."),
        ("not-a-photo", "image/jpeg", "That file is not a photo we can use (JPEG, PNG, GIF or WebP)."),
        ("huge.jpg", "image/jpeg", "That photo is too large (over 1 MB)."),
        ("missing.jpg", "image/jpeg", "That photo could not be downloaded; please send it again."),
        ("elsewhere", "image/jpeg", "That photo could not be downloaded; please send it again."),
    ],
)
def test_files_that_are_not_photos_are_refused_with_a_reason(city, texter, provider_media, path, declared, reply):
    phone = texter()
    replies = phone.send("", media=[(f"{provider_media}/{path}", declared)])
    assert replies[0].startswith(reply)
    assert not PendingPhoto.objects.exists()


def test_media_from_a_host_that_is_not_the_providers_is_not_fetched(city, texter, provider_media, settings):
    settings.CITYLINE_SMS_MEDIA_HOSTS = ["api.twilio.com"]
    replies = texter().send("", media=[(f"{provider_media}/photo.jpg", "image/jpeg")])
    assert replies[0] == "That photo could not be downloaded; please send it again."
    assert FakeProvider.requests == []
