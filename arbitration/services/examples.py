"""Example cases for the local portal (``make run``), one on each part of the ladder.

Everything is labelled: titles start with "Voorbeeld:", cases carry ``voorbeeld=True`` and
notify in the portal only. Parties are found by query on the reference data and the
(synthetic) portfolio: two institutions offering one programme in one arbeidsmarktregio,
the demo accounts' institutions first. Every step goes through the real services.
Idempotent: an example whose title exists is left alone.
"""
import datetime
import logging
from collections import defaultdict

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from mbo_regie.accounts.models import Rol, User
from mbo_regie.errors import DomainError
from portfolio.models import Aanbod, Instelling

from ..models import Case, Order
from . import cases, execution, hearing, panel, publication, rulings

logger = logging.getLogger(__name__)
PREFIX = "Voorbeeld: "
HOME_BRIN = "25PZ"  # ROC van Amsterdam, the institution of the demo bestuurder
CRITERIA = ("dekkend", "toegankelijk", "onderscheidend", "relevant")


def _user(username: str, rol: str, *, instelling=None, naam: str = "") -> User:
    """A demo account when it exists, else an example user that cannot log in."""
    user = User.objects.filter(username=username, rol=rol, is_active=True).first()
    if user is not None:
        return user
    user, _created = User.objects.get_or_create(
        username=f"voorbeeld-{username}",
        defaults={"rol": rol, "instelling": instelling, "first_name": "Voorbeeld",
                  "last_name": naam or username, "password": make_password(None)})
    return user


def _acting(instelling: Instelling) -> User:
    """A user acting for the institution: its demo bestuurder, or an example one."""
    user = (User.objects.filter(instelling=instelling, rol__in=[Rol.BESTUURDER, Rol.COMMISSIE],
                                is_active=True).order_by("-hoofdvertegenwoordiger", "id").first())
    return user or _user(instelling.brin.lower(), Rol.BESTUURDER, instelling=instelling,
                         naam=f"bestuurder {instelling.naam}")


def _pairs() -> list[tuple[Aanbod, Aanbod]]:
    """Offerings of one programme by two institutions in one region; demo institutions first,
    then other pairs, each pair of institutions once."""
    groups: dict[tuple, dict[int, int]] = defaultdict(dict)
    for row in (Aanbod.objects.filter(status=Aanbod.Status.ACTIEF)
                .values("id", "instelling_id", "opleiding_id",
                        "locatie__gemeente__arbeidsmarktregio_id").order_by("id")):
        key = (row["opleiding_id"], row["locatie__gemeente__arbeidsmarktregio_id"])
        groups[key].setdefault(row["instelling_id"], row["id"])
    home = Instelling.objects.filter(brin=HOME_BRIN).first()
    neighbour = User.objects.filter(username="bestuurder2").values_list("instelling_id",
                                                                         flat=True).first()
    # The demo commission member must stay free to sit on panels: not a party.
    busy = set(User.objects.filter(rol=Rol.COMMISSIE).values_list("instelling_id", flat=True))
    demo, other, used = [], [], set()
    for offers in groups.values():
        ids = sorted(set(offers) - busy)
        if len(ids) < 2:
            continue
        if home and home.pk in ids:
            partner = neighbour if neighbour in ids and neighbour != home.pk else next(
                i for i in ids if i != home.pk)
            demo.append((offers[home.pk], offers[partner], partner))
            continue
        # Other examples each get two institutions not used by another example.
        free = [i for i in ids if i not in used and (not home or i != home.pk)]
        if len(free) >= 2:
            used.update(free[:2])
            other.append((offers[free[0]], offers[free[1]], free[1]))
    # The demo bestuurder2's institution as the other party first, when it is there.
    demo.sort(key=lambda pair: pair[2] != neighbour)
    lookup = Aanbod.objects.select_related("instelling", "opleiding", "locatie__gemeente")
    return [(lookup.get(pk=a), lookup.get(pk=b)) for a, b, _p in demo[:3] + other[:6]]


class _Cast:
    """The people of the examples: staff, the bestuur, a chair and commission members."""

    def __init__(self):
        self.staf = _user("staf", Rol.STAF, naam="staf")
        self.bestuur = _user("bestuur", Rol.BESTUUR, naam="lid bestuur")
        self.voorzitter = _user("voorzitter", Rol.VOORZITTER, naam="voorzitter")

    def members(self, case: Case, n: int = 2) -> list[User]:
        """Commission members without a conflict of interest in this case."""
        chosen = [u for u in User.objects.filter(rol=Rol.COMMISSIE, is_active=True)
                  .order_by("id") if not panel.conflicts_of(u, case)][:n]
        far = (Instelling.objects.exclude(pk__in=case.party_ids())
               .exclude(home_gemeente__arbeidsmarktregio__in=case.regios.all())
               .exclude(gebruikers__in=chosen).order_by("brin"))
        for instelling in far:
            if len(chosen) >= n:
                break
            user = _user(f"commissie-{instelling.brin.lower()}", Rol.COMMISSIE,
                         instelling=instelling, naam=f"commissielid {instelling.naam}")
            if user not in chosen and not panel.conflicts_of(user, case):
                chosen.append(user)
        return chosen


def _open(titel: str, pair, aanleiding: str, omschrijving: str) -> tuple[Case, User, User]:
    a, b = pair
    me, other = _acting(a.instelling), _acting(b.instelling)
    case = cases.case_open(actor=me, titel=PREFIX + titel, aanleiding=aanleiding,
                           omschrijving=omschrijving, wederpartijen=[b.instelling],
                           aanbod=[a, b], voorbeeld=True)
    return case, me, other


def _to_mediation(case, me, cast):
    cases.case_request_advice(case=case, actor=me, note="Twee gesprekken leverden geen "
                              "afspraak op over de verdeling van de instroom.")
    member = cast.members(case, 1)[0]
    cases.case_record_advice(case=case, actor=member, soort="zienswijze", tekst=(
        "Verdeel de instroom naar leerweg: de een BOL, de ander BBL met leerbedrijven."))
    cases.case_signal_board(case=case, actor=me, note="Ook na de zienswijze geen vergelijk.")
    cases.case_board_respond(case=case, actor=cast.bestuur, soort="bemiddelaar", tekst=(
        "Het bestuur adviseert een onafhankelijke bemiddelaar aan te stellen."))
    return cases.case_start_mediation(case=case, actor=cast.staf, bemiddelaar="mr. J. de Wit",
                                      organisatie="Bemiddelingsbureau Midden")


def _to_arbitration(case, me, cast):
    case = _to_mediation(case, me, cast)
    cases.mediation_session_add(case=case, actor=cast.staf,
                                datum=timezone.localdate() - datetime.timedelta(days=20),
                                verslag="Verkennend gesprek; standpunten liggen ver uiteen.")
    cases.mediation_conclude(case=case, actor=cast.staf, uitkomst="zonder_vergelijk",
                             toelichting="Na drie sessies geen vergelijk over de instroom.")
    cases.scope_test_record(case=case, actor=cast.staf, concurrentie=True, dekkend=True,
                            onderscheidend=True, toelichting=(
                                "Beide scholen werven dezelfde studenten in één gemeente; "
                                "dat staat op spanning met een onderscheidend aanbod."))
    case = cases.case_request_arbitration(case=case, actor=me, note=(
        "Alle eerdere stappen zijn zonder vergelijk doorlopen."))
    panel.panel_member_add(case=case, actor=cast.staf, user=cast.voorzitter, rol="voorzitter")
    for member in cast.members(case):
        panel.panel_member_add(case=case, actor=cast.staf, user=member, rol="lid")
    return case


def _ruled(case, me, other, cast, b):
    case = _to_arbitration(case, me, cast)
    hearing.document_add(case=case, actor=me, soort="standpunt", titel="Standpunt", tekst=(
        "Wij bieden deze opleiding al jaren aan en hebben capaciteit genoeg."))
    hearing.document_add(case=case, actor=other, soort="standpunt", titel="Standpunt", tekst=(
        "De vraag in de regio groeit; een tweede aanbieder is nodig."))
    hearing.hearing_schedule(case=case, actor=cast.voorzitter, plaats="MBO Raad, Woerden",
                             datum=timezone.now() - datetime.timedelta(days=7))
    member = case.panel.filter(rol="lid").first().user
    rulings.ruling_save_draft(case=case, actor=member, uitkomst="deels", beslissing=(
        "Beide scholen blijven de opleiding aanbieden, met elk een eigen profiel; de "
        "werving buiten de eigen regio stopt."), gronden={
            "dekkend": "Het aanbod blijft dekkend: de opleiding blijft op twee plaatsen.",
            "toegankelijk": "Studenten uit de hele regio houden een opleiding binnen reisafstand.",
            "onderscheidend": "Een eigen profiel per school voorkomt twee identieke opleidingen.",
            "relevant": "De arbeidsmarkt vraagt om beide varianten.",
            "kr_impact_op_anderen": "Afstemming voorkomt verschraling bij buurscholen."})
    deadline = timezone.localdate() + datetime.timedelta(days=90)
    rulings.order_add(case=case, actor=member, soort=Order.Soort.VERPLICHTING,
                      instelling=other.instelling, termijn=deadline,
                      omschrijving="Stop de wervingscampagne buiten de eigen regio.")
    rulings.order_add(case=case, actor=member, soort=Order.Soort.WIJZIGEN, aanbod=b,
                      instelling=b.instelling, termijn=deadline, profiel=(
                          "BBL-route met regionale leerbedrijven als eigen profiel."),
                      omschrijving="Leg het eigen profiel vast in het register.")
    return rulings.ruling_sign(case=case, actor=cast.voorzitter)


def _example_dialogue(titel, pair, cast):
    case, _me, _other = _open(titel, pair, "werving", (
        "De wederpartij werft met een campagne actief studenten in onze regio, alleen voor "
        "de eigen instelling (afspraak 2)."))
    return case


def _example_signal(titel, pair, cast):
    case, me, _other = _open(titel, pair, "consultatie", (
        "De wederpartij breidde de opleiding uit zonder afstemming in het regionaal overleg."))
    cases.case_signal_board(case=case, actor=me, note=(
        "Drie gesprekken zonder resultaat; wij vragen het bestuur om hulp."))
    return case


def _example_mediation(titel, pair, cast):
    case, me, _other = _open(titel, pair, "werving", (
        "Beide scholen werven in dezelfde gemeente met kortingen op de eigen bijdrage."))
    return _to_mediation(case, me, cast)


def _example_arbitration(titel, pair, cast):
    case, me, other = _open(titel, pair, "consultatie", (
        "De wederpartij startte de opleiding in dezelfde gemeente zonder onderscheidend profiel."))
    case = _to_arbitration(case, me, cast)
    hearing.hearing_schedule(case=case, actor=cast.voorzitter, plaats="MBO Raad, Woerden",
                             datum=timezone.now() + datetime.timedelta(days=14))
    hearing.question_ask(case=case, actor=cast.voorzitter, aan=other.instelling, vraag=(
        "Hoeveel studenten verwacht u het eerste jaar, en uit welke gemeenten?"))
    return case


def _example_execution(titel, pair, cast):
    case, me, other = _open(titel, pair, "consultatie", (
        "Twee scholen bieden dezelfde opleiding in één gemeente aan; de instroom daalt."))
    case = _ruled(case, me, other, cast, pair[1])
    return execution.case_start_execution(case=case, actor=cast.staf)


def _example_published(titel, pair, cast):
    case, me, other = _open(titel, pair, "werving", (
        "Dezelfde opleiding in dezelfde gemeente; beide scholen werven met een eigen "
        "campagne buiten de regio."))
    case = _ruled(case, me, other, cast, pair[1])
    draft = publication.summary_draft(case)
    publication.case_publish(case=case, actor=cast.staf, titel=draft["titel"].replace(PREFIX, ""),
                             samenvatting=draft["samenvatting"], dekkend=True, onderscheidend=True,
                             btg=draft["btg"], arbeidsmarktregio=draft["arbeidsmarktregio"])
    case = execution.case_start_execution(case=case, actor=cast.staf)
    for order in Order.objects.filter(ruling__case=case).order_by("volgorde"):
        if order.soort == Order.Soort.VERPLICHTING:
            execution.order_report(case=case, actor=other, order=order,
                                   bewijs="De campagne is per direct gestopt.")
        execution.order_verify(case=case, actor=cast.staf, order=order,
                               verificatie="Gecontroleerd bij de regionale overleggen.")
    case = execution.case_start_evaluation(case=case, actor=cast.staf)
    execution.lesson_add(case=case, actor=me, openbaar=True, tekst=(
        "Bespreek een nieuwe wervingscampagne vooraf in het regionaal overleg."))
    execution.lesson_add(case=case, actor=case.panel.filter(rol="lid").first().user,
                         openbaar=True, tekst=(
                           "Een eigen profiel per school maakt twee aanbieders in één "
                           "gemeente verdedigbaar."))
    return execution.case_close(case=case, actor=cast.staf, note="Evaluatie afgerond.")


EXAMPLES = [
    # (uses a demo pair, title, builder)
    (True, "Werving van studenten uit de regio", _example_dialogue),
    (True, "Opleiding gestart zonder afstemming", _example_arbitration),
    (True, "Twee scholen, één opleiding, één gemeente", _example_published),
    (False, "Uitbreiding zonder regionaal overleg", _example_signal),
    (False, "Kortingen bij de werving", _example_mediation),
    (False, "Dalende instroom bij twee aanbieders", _example_execution),
]


def examples_seed() -> list[str]:
    """Create the missing example cases; returns the titles created."""
    pairs = _pairs()
    if not pairs:
        raise DomainError("Laad eerst de referentiedata en het (synthetische) aanbod.")
    cast = _Cast()
    demo = [p for p in pairs if p[0].instelling.brin == HOME_BRIN] or pairs
    other = [p for p in pairs if p not in demo] or pairs
    created = []
    for i, (uses_demo, titel, build) in enumerate(EXAMPLES):
        source = demo if uses_demo else other
        pair = source[i % len(source)]
        if Case.objects.filter(titel=PREFIX + titel).exists():
            continue
        try:
            with transaction.atomic():
                build(titel, pair, cast)
        except DomainError as exc:
            # The portfolio may not fit an example; the others still come.
            logger.warning("Voorbeeldzaak '%s' overgeslagen: %s", titel, exc.message)
            continue
        created.append(PREFIX + titel)
    return created



def example_stages() -> dict[str, str]:
    """Title → step of every example case (for the command's report)."""
    return {titel: Case(stage=stage).get_stage_display() for titel, stage in
            Case.objects.filter(voorbeeld=True).values_list("titel", "stage")}
