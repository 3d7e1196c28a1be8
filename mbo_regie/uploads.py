"""The one check for every uploaded document (proposals and arbitration alike).

A document passes when its name is clean, its extension is on the allow-list, its content is
what the extension says (sniffed, not taken from the browser's Content-Type), and its size is
within the limit. Forms and serializers use ``UploadValidator`` (field errors); services call
``upload_checked_name`` again, so no interface can skip it.
"""
import os
import unicodedata
import zipfile

from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

MAX_NAME_LENGTH = 150
TEXT_SNIFF_BYTES = 64 * 1024
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# Allowed extensions and how their content is recognised.
KINDS = {
    "pdf": "pdf", "docx": "docx", "xlsx": "xlsx", "odt": "odt", "txt": "text", "csv": "text",
    "png": "png", "jpg": "jpeg", "jpeg": "jpeg",
}
MAGIC = {"pdf": b"%PDF-", "png": b"\x89PNG\r\n\x1a\n", "jpeg": b"\xff\xd8\xff"}
# Office Open XML packages: the part that makes a zip a Word document or a workbook.
OOXML_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def allowed_types() -> str:
    return ", ".join(ext for ext in KINDS if ext != "jpeg")


def clean_filename(name: str) -> str:
    """The name without any path, with safe characters and a lower-case extension.

    Control and format characters (NUL, newlines, right-to-left overrides) are refused rather
    than dropped: they have no business in a document name and hint at a crafted upload.
    """
    name = name or ""
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in name):
        raise ValidationError(_("De bestandsnaam bevat ongeldige (onzichtbare) tekens."),
                              code="name_characters")
    base = os.path.basename(name.replace("\\", "/")).strip()
    if len(base) > MAX_NAME_LENGTH:
        raise ValidationError(_("De bestandsnaam is te lang: hoogstens %(max)s tekens.")
                              % {"max": MAX_NAME_LENGTH}, code="name_length")
    stem, ext = os.path.splitext(base)
    try:
        stem = get_valid_filename(stem.strip(". ")) if stem.strip(". ") else ""
    except SuspiciousFileOperation:  # nothing usable left, e.g. "().pdf"
        stem = ""
    return f"{stem or 'document'}{ext.lower()}"


def _zip_names(upload) -> set[str] | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _is_odt(upload) -> bool:
    # ODF: the first entry is an uncompressed "mimetype" file naming the document type.
    try:
        with zipfile.ZipFile(upload) as archive:
            first = archive.infolist()[0]
            if first.filename != "mimetype" or first.file_size > 100:
                return False
            return archive.read(first).strip() == ODT_MIMETYPE
    except (zipfile.BadZipFile, OSError, ValueError, IndexError):
        return False


def _content_matches(upload, kind: str) -> bool:
    upload.seek(0)
    head = upload.read(TEXT_SNIFF_BYTES if kind == "text" else 16)
    upload.seek(0)
    try:
        if kind in MAGIC:
            return head.startswith(MAGIC[kind])
        if kind == "text":
            if b"\x00" in head:
                return False
            try:
                head.decode("utf-8")
            except UnicodeDecodeError as exc:
                # A multi-byte character may be cut off at the end of the sniffed part.
                return len(head) == TEXT_SNIFF_BYTES and exc.start >= len(head) - 3
            return True
        if not head.startswith(b"PK\x03\x04"):
            return False
        if kind == "odt":
            return _is_odt(upload)
        names = _zip_names(upload)
        return names is not None and "[Content_Types].xml" in names and OOXML_PART[kind] in names
    finally:
        upload.seek(0)


def upload_checked_name(upload, *, max_bytes: int) -> str:
    """The safe name of an upload whose name, type, content and size all check out.

    Raises ``ValidationError`` (with a code per reason) otherwise.
    """
    name = clean_filename(getattr(upload, "name", ""))
    ext = os.path.splitext(name)[1].lstrip(".")
    if ext not in KINDS:
        raise ValidationError(_("Alleen deze bestandstypen mogen: %(types)s.")
                              % {"types": allowed_types()}, code="type")
    if upload.size == 0:
        raise ValidationError(_("Het bestand is leeg."), code="empty")
    if upload.size > max_bytes:
        raise ValidationError(_("Een document mag hoogstens %(mb)s MB zijn.")
                              % {"mb": round(max_bytes / (1024 * 1024), 1) if max_bytes % (
                                  1024 * 1024) else max_bytes // (1024 * 1024)}, code="size")
    if not _content_matches(upload, KINDS[ext]):
        if KINDS[ext] == "text":
            raise ValidationError(_("Een .%(ext)s-bestand moet tekst (UTF-8) zijn.")
                                  % {"ext": ext}, code="content")
        raise ValidationError(_("De inhoud van het bestand past niet bij de extensie .%(ext)s.")
                              % {"ext": ext}, code="content")
    return name


@deconstructible
class UploadValidator:
    """Field validator for forms and serializers; ``max_bytes`` is read at validation time,
    so a changed setting applies at once."""

    # Every code upload_checked_name can raise (the API schema documents them).
    error_codes = ("name_characters", "name_length", "type", "empty", "size", "content")

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes

    def __call__(self, upload):
        if upload:
            limit = self.max_bytes() if callable(self.max_bytes) else self.max_bytes
            upload_checked_name(upload, max_bytes=limit)

    def __eq__(self, other):
        return isinstance(other, UploadValidator) and other.max_bytes == self.max_bytes
