"""The conversation about a proposal: responses, threaded messages and documents."""
import os
import uuid

from django.db import transaction
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from mbo_regie.errors import DomainError

from .. import conf, selectors
from ..models import (
    Document,
    Kijkrichting,
    Message,
    Notification,
    Proposal,
    Reactiesoort,
    Response,
    Status,
)
from .notifications import in_dutch, notify, notify_parties

# Allowed document types and the first bytes each must start with (None: checked as text).
SIGNATURES = {
    "pdf": (b"%PDF-",), "png": (b"\x89PNG\r\n\x1a\n",), "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",), "docx": (b"PK\x03\x04",), "xlsx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",), "txt": None, "csv": None,
}
MAX_NAME = 120


@transaction.atomic
def response_save(*, proposal: Proposal, actor, soort: str, redenen: dict | None = None,
                  toelichting: str = "") -> Response:
    """Give or change the one response of the actor's institution, until the deadline.

    Instemming needs no reasons; a zienswijze or bezwaar gives reasons per perspective.
    """
    if not proposal.in_consultation:
        raise DomainError(_("Reageren kan alleen zolang de consultatie loopt."))
    if proposal.deadline_passed:
        raise DomainError(_("De termijn om te reageren is verstreken."))
    instelling_id = getattr(actor, "instelling_id", None)
    if instelling_id not in selectors.invitation_ids(proposal):
        raise DomainError(_("Alleen uitgenodigde instellingen reageren op dit voorstel."))
    if soort not in Reactiesoort.values:
        raise DomainError(_("Kies instemming, zienswijze of bezwaar."))
    redenen = redenen or {}
    unknown = set(redenen) - set(Kijkrichting.values)
    if unknown:
        raise DomainError(_("Onbekende kijkrichting: %(codes)s")
                          % {"codes": ", ".join(sorted(unknown))})
    redenen = {k: v.strip() for k, v in redenen.items() if v and v.strip()}
    if soort != Reactiesoort.INSTEMMING and not redenen:
        raise DomainError(_("Geef bij een zienswijze of bezwaar uw redenen per kijkrichting."))
    response, created = Response.objects.update_or_create(
        proposal=proposal, instelling_id=instelling_id,
        defaults={"soort": soort, "redenen": redenen, "toelichting": toelichting.strip(),
                  "versie": proposal.latest_version().nummer, "gegeven_door": actor})
    with in_dutch():
        tekst = _("%(instelling)s heeft %(actie)s op '%(titel)s': %(soort)s.") % {
            "instelling": actor.instelling,
            "actie": _("gereageerd") if created else _("de reactie aangepast"),
            "titel": proposal.titel, "soort": response.get_soort_display().lower()}
    notify(users=selectors.acting_users({proposal.instelling_id}),
           soort=Notification.Soort.REACTIE, proposal=proposal, tekst=tekst, exclude=actor)
    return response


@transaction.atomic
def message_post(*, proposal: Proposal, actor, tekst: str, parent: Message | None = None
                 ) -> Message:
    """Post a message (or a reply) in the proposal's discussion and notify the parties."""
    tekst = (tekst or "").strip()
    if not tekst:
        raise DomainError(_("Een bericht mag niet leeg zijn."))
    if parent is not None and parent.proposal_id != proposal.pk:
        raise DomainError(_("U kunt alleen antwoorden op een bericht bij dit voorstel."))
    if proposal.status in (Status.INGETROKKEN, Status.UITGEVOERD):
        raise DomainError(_("Het gesprek over dit voorstel is gesloten."))
    message = Message.objects.create(proposal=proposal, parent=parent, auteur=actor, tekst=tekst,
                                     instelling_id=getattr(actor, "instelling_id", None))
    with in_dutch():
        note = _("Nieuw bericht van %(auteur)s bij '%(titel)s': %(begin)s") % {
            "auteur": actor, "titel": proposal.titel, "begin": tekst[:200]}
    if proposal.status == Status.CONCEPT:
        # A concept is private: only the proposer and its partners hear of it.
        ids = {proposal.instelling_id} | selectors.involved_instelling_ids(proposal.draft())
        notify(users=selectors.acting_users(ids), soort=Notification.Soort.BERICHT,
               proposal=proposal, tekst=note, exclude=actor)
    else:
        notify_parties(proposal=proposal, soort=Notification.Soort.BERICHT, tekst=note,
                       exclude=actor)
    return message


def safe_name(name: str) -> str:
    """A file name without paths or odd characters, with a lower-case extension."""
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    stem, ext = os.path.splitext(base)
    stem = get_valid_filename(stem.strip(". ")) if stem.strip(". ") else ""
    stem = stem[:MAX_NAME] or "document"
    return f"{stem}{ext.lower()}"


def _check_content(upload, ext: str) -> None:
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    expected = SIGNATURES[ext]
    if expected is None:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            # A multi-byte character may be cut at the 2048th byte; anything else is binary.
            if exc.start < len(head) - 3:
                raise DomainError(_("Een .%(ext)s-bestand moet tekst (UTF-8) zijn.")
                                  % {"ext": ext})
        if b"\x00" in head:
            raise DomainError(_("Een .%(ext)s-bestand moet tekst (UTF-8) zijn.") % {"ext": ext})
    elif not head.startswith(expected):
        raise DomainError(_("De inhoud van het bestand past niet bij de extensie .%(ext)s.")
                          % {"ext": ext})


@transaction.atomic
def document_upload(*, proposal: Proposal, actor, upload) -> Document:
    """Attach a document after checking its type (extension and content), size and name."""
    name = safe_name(getattr(upload, "name", ""))
    ext = os.path.splitext(name)[1].lstrip(".")
    if ext not in SIGNATURES:
        raise DomainError(_("Alleen deze bestandstypen mogen: %(types)s.")
                          % {"types": ", ".join(sorted({e for e in SIGNATURES if e != "jpeg"}))})
    if upload.size > conf.max_upload_bytes():
        raise DomainError(_("Een document mag hoogstens %(mb)s MB zijn.")
                          % {"mb": conf.max_upload_bytes() // (1024 * 1024)})
    if upload.size == 0:
        raise DomainError(_("Het bestand is leeg."))
    _check_content(upload, ext)
    if proposal.status in (Status.INGETROKKEN, Status.UITGEVOERD):
        raise DomainError(_("Het gesprek over dit voorstel is gesloten."))
    document = Document(proposal=proposal, naam=name, grootte=upload.size, geupload_door=actor)
    # An unguessable folder keeps uploads with the same name apart and the path private.
    document.bestand.save(f"{uuid.uuid4().hex}/{name}", upload, save=False)
    document.save()
    return document
