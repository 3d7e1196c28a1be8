"""Create and edit the draft version of a proposal, sign it, and compute its impact."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mbo_regie.errors import DomainError
from portfolio.models import Aanbod

from .. import checks, conf, selectors
from ..models import (
    ALLOWED_ACTIONS,
    IN_CONSULTATION,
    Actie,
    Change,
    Kijkrichting,
    Proposal,
    ProposalVersion,
    Signature,
    Soort,
    Status,
)

CHANGE_FIELDS = ("actie", "opleiding", "locatie", "leerweg", "studenten", "capaciteit",
                 "ingangsdatum", "profiel", "capaciteit_onderbouwing")
EDITABLE = (Status.CONCEPT, *IN_CONSULTATION)
RUNNING = (Aanbod.Status.ACTIEF, Aanbod.Status.GEPLAND)


@transaction.atomic
def proposal_create(*, actor, soort: str, titel: str, samenvatting: str = "",
                    instelling=None, voorbeeld: bool = False) -> Proposal:
    """Start a concept for the actor's own institution (staff name the institution)."""
    instelling = instelling or getattr(actor, "instelling", None)
    if instelling is None:
        raise DomainError(_("Kies de instelling die het voorstel doet."))
    if soort not in Soort.values:
        raise DomainError(_("Onbekende soort voorstel."))
    proposal = Proposal.objects.create(soort=soort, titel=titel.strip(), instelling=instelling,
                                       aangemaakt_door=actor, voorbeeld=voorbeeld)
    ProposalVersion.objects.create(proposal=proposal, nummer=1, samenvatting=samenvatting,
                                   aangemaakt_door=actor)
    return proposal


def draft_for_edit(proposal: Proposal) -> ProposalVersion:
    """The draft version, or a DomainError when there is nothing to edit."""
    if proposal.status not in EDITABLE:
        raise DomainError(_("Een voorstel met status '%(status)s' kan niet meer worden "
                            "bewerkt.") % {"status": proposal.get_status_display()})
    draft = proposal.draft()
    if draft is None:
        raise DomainError(_("Er is geen conceptversie. Begin eerst een nieuwe versie."))
    return draft


def _editable_draft(proposal: Proposal) -> ProposalVersion:
    """The draft, under a lock on the proposal: an edit never lands in a version that a
    concurrent request is publishing, and edits of one draft queue up."""
    return draft_for_edit(Proposal.objects.select_for_update().get(pk=proposal.pk))


def _void_signatures(draft: ProposalVersion) -> None:
    # A partner signs a text, not a proposal: any edit asks for a new signature.
    Signature.objects.filter(versie=draft).exclude(instelling_id=draft.proposal.instelling_id)\
        .delete()


@transaction.atomic
def proposal_update(*, proposal: Proposal, actor, titel: str | None = None,
                    samenvatting: str | None = None, motivatie: dict | None = None,
                    toelichting_wijziging: str | None = None) -> ProposalVersion:
    """Edit the draft's texts (the title only while a concept); partners must sign again."""
    draft = _editable_draft(proposal)
    if titel is not None and titel.strip() != proposal.titel:
        if proposal.status != Status.CONCEPT:
            raise DomainError(_("De titel ligt vast zodra het voorstel is ingediend."))
        proposal.titel = titel.strip()
        proposal.save(update_fields=["titel"])
    if samenvatting is not None:
        draft.samenvatting = samenvatting
    if motivatie is not None:
        unknown = set(motivatie) - set(Kijkrichting.values)
        if unknown:
            raise DomainError(_("Onbekende kijkrichting: %(codes)s")
                              % {"codes": ", ".join(sorted(unknown))})
        draft.motivatie = {k: (motivatie.get(k) or "").strip() for k in Kijkrichting.values
                           if (motivatie.get(k) or "").strip()}
    if toelichting_wijziging is not None:
        draft.toelichting_wijziging = toelichting_wijziging
    draft.save()
    _void_signatures(draft)
    return draft


def _validated(proposal: Proposal, data: dict) -> dict:
    """Check one change against the proposal's kind and the registry; returns model fields."""
    fields = {k: data.get(k) for k in CHANGE_FIELDS}
    for text in ("profiel", "capaciteit_onderbouwing"):
        fields[text] = (fields[text] or "").strip()
    actie, opleiding, locatie = fields["actie"], fields["opleiding"], fields["locatie"]
    if actie not in ALLOWED_ACTIONS[proposal.soort]:
        raise DomainError(_("Een voorstel '%(soort)s' kan geen '%(actie)s' bevatten.") % {
            "soort": proposal.get_soort_display(), "actie": Actie(actie).label})
    if opleiding is None or locatie is None or not fields["ingangsdatum"]:
        raise DomainError(_("Kies opleiding, locatie en ingangsdatum."))
    if not proposal.is_joint and locatie.instelling_id != proposal.instelling_id:
        raise DomainError(_("Kies een locatie van %(instelling)s; alleen bij samen uitvoeren "
                            "of uitruilen gaat een voorstel over andere instellingen.")
                          % {"instelling": proposal.instelling})
    if fields["leerweg"] not in opleiding.leerwegen_lijst:
        raise DomainError(_("%(opleiding)s kent de leerweg %(leerweg)s niet.")
                          % {"opleiding": opleiding, "leerweg": fields["leerweg"]})
    fields["instelling"] = locatie.instelling
    existing = Aanbod.objects.filter(instelling=locatie.instelling, opleiding=opleiding,
                                     locatie=locatie, leerweg=fields["leerweg"]).first()
    if actie == Actie.START:
        if existing is not None and existing.status in RUNNING:
            raise DomainError(_("%(aanbod)s wordt al aangeboden.") % {"aanbod": existing})
        fields["aanbod"] = existing
        return fields
    # Only an offering that runs now can be stopped, expanded, scaled down or re-profiled.
    if existing is None or existing.status != Aanbod.Status.ACTIEF:
        raise DomainError(_("%(instelling)s biedt %(opleiding)s niet aan op %(locatie)s "
                            "(%(leerweg)s).") % {"instelling": locatie.instelling,
                                                 "opleiding": opleiding.naam, "locatie": locatie,
                                                 "leerweg": fields["leerweg"]})
    fields["aanbod"] = existing
    if actie in (Actie.EXPAND, Actie.SCALE_DOWN):
        new, old = fields["capaciteit"], existing.capaciteit
        if new is None:
            raise DomainError(_("Geef de nieuwe capaciteit op."))
        if old is not None and actie == Actie.EXPAND and new <= old:
            raise DomainError(_("Uitbreiden vraagt een capaciteit boven de huidige "
                                "%(oud)s.") % {"oud": old})
        if old is not None and actie == Actie.SCALE_DOWN and new >= old:
            raise DomainError(_("Afschalen vraagt een capaciteit onder de huidige "
                                "%(oud)s.") % {"oud": old})
    if actie == Actie.PROFILE and not fields["profiel"]:
        raise DomainError(_("Beschrijf het nieuwe, onderscheidende profiel."))
    return fields


def _duplicate(draft: ProposalVersion, fields: dict, exclude_pk=None) -> bool:
    qs = draft.wijzigingen.filter(actie=fields["actie"], opleiding=fields["opleiding"],
                                  locatie=fields["locatie"], leerweg=fields["leerweg"])
    return qs.exclude(pk=exclude_pk).exists()


@transaction.atomic
def change_add(*, proposal: Proposal, actor, data: dict) -> Change:
    """Add a concrete change to the draft and recompute the draft's impact."""
    draft = _editable_draft(proposal)
    fields = _validated(proposal, data)
    if _duplicate(draft, fields):
        raise DomainError(_("Deze wijziging staat al in het voorstel."))
    change = Change.objects.create(versie=draft, **fields)
    _void_signatures(draft)
    version_impact_compute(version=draft)
    return change


@transaction.atomic
def change_update(*, change: Change, actor, data: dict) -> Change:
    """Change a concrete change of the draft and recompute the draft's impact."""
    draft = _editable_draft(change.versie.proposal)
    if change.versie_id != draft.pk:
        raise DomainError(_("Alleen wijzigingen in de conceptversie kunnen worden aangepast."))
    fields = _validated(draft.proposal, {**{k: getattr(change, k) for k in CHANGE_FIELDS},
                                         **data})
    if _duplicate(draft, fields, exclude_pk=change.pk):
        raise DomainError(_("Deze wijziging staat al in het voorstel."))
    for name, value in fields.items():
        setattr(change, name, value)
    change.save()
    _void_signatures(draft)
    version_impact_compute(version=draft)
    return change


@transaction.atomic
def change_remove(*, change: Change, actor) -> None:
    """Remove a concrete change from the draft and recompute the draft's impact."""
    draft = _editable_draft(change.versie.proposal)
    if change.versie_id != draft.pk:
        raise DomainError(_("Alleen wijzigingen in de conceptversie kunnen worden verwijderd."))
    change.delete()
    _void_signatures(draft)
    version_impact_compute(version=draft)


def version_impact_compute(*, version: ProposalVersion) -> ProposalVersion:
    """Compute the what-if impact of a version and derive its signals; both are stored."""
    from portfolio.impact import impact_of_changes

    changes = selectors.impact_input(version)
    impact = None
    # Without changes in places or numbers (only re-profiling) nothing is to be computed.
    if changes:
        try:
            impact = impact_of_changes(changes)
        except ValueError as exc:
            # The what-if engine refuses an impossible change set with a readable message.
            raise DomainError(_("De impact kon niet worden berekend: %(fout)s")
                              % {"fout": exc})
    version.impact = impact
    version.signalen = checks.proposal_signals(impact, selectors.checks_input(version, impact),
                                               late_days=conf.late_notice_days())
    version.impact_berekend_op = timezone.now()
    version.save(update_fields=["impact", "signalen", "impact_berekend_op"])
    return version


@transaction.atomic
def proposal_sign(*, proposal: Proposal, actor) -> Signature:
    """A partner's bestuurder signs the draft of a swap or joint proposal for their institution."""
    draft = _editable_draft(proposal)
    if not proposal.is_joint:
        raise DomainError(_("Alleen uitruil en samen uitvoeren worden door partners "
                            "ondertekend."))
    if actor.instelling_id not in selectors.involved_instelling_ids(draft) - {
            proposal.instelling_id}:
        raise DomainError(_("Uw instelling is geen partner in dit voorstel."))
    signature, created = Signature.objects.get_or_create(
        versie=draft, instelling_id=actor.instelling_id, defaults={"ondertekend_door": actor})
    if not created:
        raise DomainError(_("Uw instelling heeft deze versie al ondertekend."))
    return signature


@transaction.atomic
def version_draft_start(*, proposal: Proposal, actor) -> ProposalVersion:
    """Open a new draft during the consultation: a copy of the latest version to edit."""
    # A double click waits here, then finds the draft the first click opened.
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status not in IN_CONSULTATION:
        raise DomainError(_("Een nieuwe versie kan alleen tijdens de consultatie."))
    if proposal.has_draft():
        raise DomainError(_("Er is al een conceptversie in bewerking."))
    latest = proposal.latest_version()
    draft = ProposalVersion.objects.create(
        proposal=proposal, nummer=latest.nummer + 1, samenvatting=latest.samenvatting,
        motivatie=dict(latest.motivatie), impact=latest.impact, signalen=latest.signalen,
        impact_berekend_op=latest.impact_berekend_op, aangemaakt_door=actor)
    Change.objects.bulk_create([
        Change(versie=draft, **{f: getattr(c, f) for f in
                                (*CHANGE_FIELDS, "instelling", "aanbod")})
        for c in latest.wijzigingen.all()])
    return draft


@transaction.atomic
def version_draft_discard(*, proposal: Proposal, actor) -> None:
    """Throw away the draft of a new version; the published version stays as it is."""
    if proposal.status == Status.CONCEPT:
        raise DomainError(_("De eerste versie van een concept kan niet worden weggegooid; "
                            "trek het voorstel in."))
    _editable_draft(proposal).delete()
