"""Photos residents attach to a report: checked, turned upright, shrunk, and stripped of metadata.

A phone photo carries EXIF metadata: where it was taken (to the metre), when, and the phone's make
and serial. Case photos are public (Open311 ``media_url``), so every photo is decoded and written
again as a plain JPEG: nothing but pixels leaves this module. Decoding also proves the file is an
image of an accepted kind, whatever its name or declared type says.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import BinaryIO

from PIL import Image, ImageOps, UnidentifiedImageError

# What phones and cameras produce and Pillow decodes without plugins.
ACCEPTED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
MAX_BYTES = 10 * 1024 * 1024
# Larger images are refused before decoding (a "decompression bomb" is a tiny file that decodes
# to gigabytes); 50 megapixels is above any phone camera.
MAX_PIXELS = 50_000_000
# Long side of the stored photo: plenty for a crew to see a pothole, small enough for a phone.
STORED_SIDE = 2048
JPEG_QUALITY = 85


class PhotoError(ValueError):
    """A photo refused. ``code``: ``too_large``, ``empty``, ``not_an_image``, ``unsupported``,
    ``too_many_pixels``; the message (English) says what to do, channels translate by code."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class CleanPhoto:
    content: bytes
    content_type: str
    width: int
    height: int

    @property
    def size(self) -> int:
        return len(self.content)


def clean_photo(source: BinaryIO | bytes, *, max_bytes: int = MAX_BYTES) -> CleanPhoto:
    """Check and re-encode one photo. Raises PhotoError saying what is wrong."""
    data = source if isinstance(source, bytes) else source.read(max_bytes + 1)
    if not data:
        raise PhotoError("The file is empty; choose the photo again.", "empty")
    if len(data) > max_bytes:
        raise PhotoError(f"The photo is larger than {max_bytes // (1024 * 1024)} MB; send a smaller one.", "too_large")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise PhotoError("Send a JPEG, PNG, WebP or GIF photo.", "unsupported")
            if image.width * image.height > MAX_PIXELS:
                raise PhotoError("The picture has too many pixels; send a smaller one.", "too_many_pixels")
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError("The picture has too many pixels; send a smaller one.", "too_many_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        if isinstance(exc, PhotoError):
            raise
        raise PhotoError("This file is not a photo we can read; send a JPEG or PNG photo.", "not_an_image") from None

    # Phones store "which way is up" in EXIF; apply it before the EXIF is dropped.
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        image = background
    elif image.mode != "RGB":
        image = image.convert("RGB")
    image.thumbnail((STORED_SIDE, STORED_SIDE))
    output = io.BytesIO()
    # Pillow carries some metadata (comments, XMP) over from image.info when saving: clear it, and
    # pass no exif=, icc_profile= or comment=, so that only pixels are written.
    image.info.clear()
    image.save(output, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return CleanPhoto(output.getvalue(), "image/jpeg", image.width, image.height)
