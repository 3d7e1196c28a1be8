"""The conversation about a proposal: responses, threaded messages and documents."""
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mbo_regie import uploads
from mbo_regie.errors import DomainError

from .. import conf, notices, selectors
from ..models import (
    IN_CONSULTATION,
    Document,
    Kijkrichting,
    Message,
    Notification,
    Proposal,
    Reactiesoort,
    Response,
    Status,
)
from .notifications import notify, notify_parties


@transaction.atomic
def response_save(*, proposal: Proposal, actor, soort: str, redenen: dict | None = None,
                  toelichting: str = "") -> Response:
    """Give or change the one response of the actor's institution, until the deadline.

    Instemming needs no reasons; a zienswijze or bezwaar gives reasons per perspective.
    """
    # Lock the proposal: a response never interleaves with a status change that checks the
    # responses (concluding requires "no bezwaar"), and the status checked is the current one.
    status = (Proposal.objects.select_for_update().filter(pk=proposal.pk)
              .values_list("status", flat=True).get())
    if status not in IN_CONSULTATION:
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
    notify(users=selectors.acting_users({proposal.instelling_id}),
           soort=Notification.Soort.REACTIE, proposal=proposal,
           message=gettext_noop("%(instelling)s heeft %(actie)s op '%(titel)s': %(soort)s."),
           params={"instelling": actor.instelling,
                   "actie": notices.label(gettext_noop("gereageerd") if created
                                          else gettext_noop("de reactie aangepast")),
                   "titel": proposal.titel,
                   "soort": notices.label(response.get_soort_display, lower=True)},
           exclude=actor)
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
    note = {"message": gettext_noop("Nieuw bericht van %(auteur)s bij '%(titel)s': %(begin)s"),
            "params": {"auteur": actor, "titel": proposal.titel, "begin": tekst[:200]}}
    if proposal.status == Status.CONCEPT:
        # A concept is private: only the proposer and its partners hear of it.
        ids = {proposal.instelling_id} | selectors.involved_instelling_ids(proposal.draft())
        notify(users=selectors.acting_users(ids), soort=Notification.Soort.BERICHT,
               proposal=proposal, exclude=actor, **note)
    else:
        notify_parties(proposal=proposal, soort=Notification.Soort.BERICHT, exclude=actor,
                       **note)
    return message


@transaction.atomic
def document_upload(*, proposal: Proposal, actor, upload) -> Document:
    """Attach a document after checking its type (extension and content), size and name."""
    try:
        name = uploads.upload_checked_name(upload, max_bytes=conf.max_upload_bytes())
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages))
    if proposal.status in (Status.INGETROKKEN, Status.UITGEVOERD):
        raise DomainError(_("Het gesprek over dit voorstel is gesloten."))
    document = Document(proposal=proposal, naam=name, grootte=upload.size, geupload_door=actor)
    # An unguessable folder keeps uploads with the same name apart and the path private.
    document.bestand.save(f"{uuid.uuid4().hex}/{name}", upload, save=False)
    document.save()
    return document
