"""Services: rounds (open, publish), progress updates, links. Exhaustive on the rules."""
import pytest

from mbo_regie.errors import DomainError, TransitionNotAllowed
from portfolio.models import Arbeidsmarktregio
from werkagenda import services
from werkagenda.models import Categorie, Rapportageronde, Rondegebeurtenis, Voortgang

from .factories import RondeFactory

pytestmark = pytest.mark.django_db


def test_staff_open_a_round_after_the_last_one(actie_ocw, staf):
    ronde = services.ronde_open(code="najaar-2025", naam="najaar 2025", actor=staf)
    assert ronde.status == Rapportageronde.Status.OPEN
    assert ronde.volgorde == 2
    event = ronde.gebeurtenissen.get()
    assert (event.oud, event.nieuw, event.actor) == ("", "open", staf)


def test_it_does_not_open_a_second_round_while_one_is_open(open_ronde, staf):
    with pytest.raises(DomainError):
        services.ronde_open(code="voorjaar-2026", naam="voorjaar 2026", actor=staf)
    assert Rapportageronde.objects.count() == 2


def test_it_does_not_reuse_a_round_code(published, staf):
    with pytest.raises(DomainError):
        services.ronde_open(code="najaar-2025", naam="nog eens", actor=staf)


def test_publishing_locks_the_round_and_writes_a_history_row(open_ronde, staf):
    services.ronde_publish(ronde=open_ronde, actor=staf, note="Kamerbrief verstuurd")
    open_ronde.refresh_from_db()
    assert open_ronde.status == Rapportageronde.Status.GEPUBLICEERD
    assert open_ronde.gepubliceerd_op is not None
    event = open_ronde.gebeurtenissen.last()
    assert (event.oud, event.nieuw, event.notitie) == ("open", "gepubliceerd",
                                                        "Kamerbrief verstuurd")


NOT_OPEN = sorted(set(Rapportageronde.Status) - {Rapportageronde.Status.OPEN})


@pytest.mark.parametrize("state", NOT_OPEN)
def test_it_does_not_publish_a_round_that_is_not_open(published, staf, state):
    assert published.status == state
    before = Rondegebeurtenis.objects.count()
    with pytest.raises(TransitionNotAllowed):
        services.ronde_publish(ronde=published, actor=staf)
    assert Rondegebeurtenis.objects.count() == before


def test_progress_is_recorded_with_a_status_derived_from_the_text(open_ronde, actie_ocw,
                                                                  ocw_bestuurder):
    v = services.voortgang_update(actie=actie_ocw, ronde=open_ronde, actor=ocw_bestuurder,
                                  tekst="Het wetsvoorstel is aangenomen door beide Kamers.")
    assert (v.categorie, v.categorie_bron, v.bijgewerkt_door) == (
        Categorie.AFGEROND, Voortgang.Bron.AFGELEID, ocw_bestuurder)


def test_a_chosen_status_wins_over_the_text(open_ronde, actie_ocw, staf):
    v = services.voortgang_update(actie=actie_ocw, ronde=open_ronde, actor=staf,
                                  tekst="Het loopt.", categorie=Categorie.VERTRAAGD)
    assert (v.categorie, v.categorie_bron) == (Categorie.VERTRAAGD, Voortgang.Bron.HANDMATIG)


def test_idem_carries_the_previous_status_over(open_ronde, actie_ocw, staf):
    v = services.voortgang_update(actie=actie_ocw, ronde=open_ronde, actor=staf, idem=True)
    assert (v.tekst, v.idem, v.categorie, v.categorie_bron) == (
        "Idem.", True, Categorie.OP_SCHEMA, Voortgang.Bron.OVERGENOMEN)


def test_a_second_update_replaces_the_first(open_ronde, actie_ocw, staf):
    services.voortgang_update(actie=actie_ocw, ronde=open_ronde, actor=staf, tekst="Eerst.")
    services.voortgang_update(actie=actie_ocw, ronde=open_ronde, actor=staf, tekst="Loopt.")
    assert Voortgang.objects.get(actie=actie_ocw, ronde=open_ronde).tekst == "Loopt."


def test_idem_needs_a_previous_round(actie_job, staf):
    first = RondeFactory(code="eerste", volgorde=1)
    with pytest.raises(DomainError):
        services.voortgang_update(actie=actie_job, ronde=first, actor=staf, idem=True)
    assert not Voortgang.objects.exists()


def test_empty_progress_is_refused(open_ronde, actie_ocw, staf):
    with pytest.raises(DomainError):
        services.voortgang_update(actie=actie_ocw, ronde=open_ronde, actor=staf, tekst="  ")


def test_it_does_not_change_progress_in_a_published_round(published, actie_ocw, staf):
    with pytest.raises(DomainError):
        services.voortgang_update(actie=actie_ocw, ronde=published, actor=staf, tekst="Te laat.")
    assert not Voortgang.objects.filter(ronde=published).exists()


def test_links_are_set_and_replaced(actie_ocw):
    regio = Arbeidsmarktregio.objects.create(code="AM01", naam="Groningen")
    services.actie_links_set(actie=actie_ocw, arbeidsmarktregios=[regio])
    assert list(actie_ocw.arbeidsmarktregios.all()) == [regio]
    services.actie_links_set(actie=actie_ocw)
    assert not actie_ocw.arbeidsmarktregios.exists()
