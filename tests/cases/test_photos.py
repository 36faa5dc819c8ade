"""Photos on a report: checked, turned upright, shrunk, and written again without metadata."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from cityline.cases.photos import STORED_SIDE, PhotoError, clean_photo


def jpeg(size=(640, 480), orientation=None, gps=True) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (38.0, 3.0, 39.6)}
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 20, 30)).save(buffer, "JPEG", exif=exif, comment=b"home")
    return buffer.getvalue()


def test_metadata_is_stripped_and_the_photo_turned_upright():
    photo = clean_photo(jpeg(orientation=6))
    stored = Image.open(io.BytesIO(photo.content))
    assert (photo.width, photo.height) == (480, 640) and photo.content_type == "image/jpeg"
    assert not stored.getexif() and "comment" not in stored.info and "exif" not in stored.info


def test_a_large_photo_is_shrunk_and_a_png_with_transparency_becomes_a_jpeg():
    buffer = io.BytesIO()
    Image.new("RGBA", (4000, 1000), (255, 0, 0, 0)).save(buffer, "PNG")
    photo = clean_photo(buffer.getvalue())
    assert max(photo.width, photo.height) == STORED_SIDE and photo.content_type == "image/jpeg"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"%PDF-1.4 a document", "not_an_image"),
        (jpeg()[:200], "not_an_image"),
    ],
)
def test_what_is_not_a_photo_is_refused_with_a_reason(data, code):
    with pytest.raises(PhotoError) as refused:
        clean_photo(data)
    assert refused.value.code == code


def test_a_file_over_the_limit_is_refused_before_it_is_decoded():
    with pytest.raises(PhotoError) as refused:
        clean_photo(jpeg(), max_bytes=100)
    assert refused.value.code == "too_large"


def test_an_image_format_phones_do_not_send_is_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "TIFF")
    with pytest.raises(PhotoError) as refused:
        clean_photo(buffer.getvalue())
    assert refused.value.code == "unsupported"


def test_a_decompression_bomb_is_refused():
    buffer = io.BytesIO()
    Image.new("1", (12000, 12000)).save(buffer, "PNG")  # a few kB that would decode to 144 megapixels
    with pytest.raises(PhotoError) as refused:
        clean_photo(buffer.getvalue())
    assert refused.value.code == "too_many_pixels"
