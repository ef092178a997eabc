"""What a citizen may upload: a few document types, checked by their name and by their
content (Odoo's ``guess_mimetype``), with a size limit; file names cleaned."""

import os
import re
import unicodedata

from odoo.tools.mimetypes import guess_mimetype

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# extension -> the mimetype its content must have (and the one stored)
ALLOWED_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": DOCX_MIMETYPE,
}
DEFAULT_MAX_MB = 10
MAX_NAME_LENGTH = 120


class UploadError(ValueError):
    """A file the portal refuses; ``code`` says why (see ``onestop.dossier`` for the
    messages)."""

    def __init__(self, code, filename, **params):
        super().__init__(code)
        self.code = code
        self.filename = filename
        self.params = params


def extension(filename):
    return os.path.splitext(filename or "")[1].lower().lstrip(".")


def clean_filename(filename, ext):
    """A name that is safe to store and to send back: no directory, no control or markup
    characters, Vietnamese letters kept, the checked extension at the end."""
    name = unicodedata.normalize("NFC", filename or "")
    name = re.split(r"[\\/]", name)[-1]
    stem = os.path.splitext(name)[0]
    stem = "".join(ch for ch in stem if unicodedata.category(ch)[0] != "C")
    stem = re.sub(r"[^\w\s.()\-]", "_", stem, flags=re.UNICODE)
    stem = re.sub(r"\s+", " ", stem).strip(" ._") or "tep"
    stem = stem[: MAX_NAME_LENGTH - len(ext) - 1]
    return "%s.%s" % (stem, ext)


def check_file(filename, data, max_bytes):
    """``(clean name, mimetype)`` of an acceptable file; raise :class:`UploadError`."""
    ext = extension(filename)
    if ext not in ALLOWED_TYPES:
        raise UploadError("type", filename)
    if not data:
        raise UploadError("empty", filename)
    if len(data) > max_bytes:
        raise UploadError("size", filename, max_mb="%g" % round(max_bytes / 1024 / 1024, 1))
    if guess_mimetype(data) != ALLOWED_TYPES[ext]:
        raise UploadError("content", filename)
    return clean_filename(filename, ext), ALLOWED_TYPES[ext]
