"""The import of the real Werkagenda: complete, faithful, idempotent and atomic."""
import copy
from collections import Counter

import pytest
from django.core.management import call_command

from werkagenda import services
from werkagenda.models import (
    Actie,
    Categorie,
    Doelstelling,
    Indicator,
    Partij,
    Prioriteit,
    Rapportageronde,
    Voortgang,
)

from .test_parse import EXPECTED_PER_OBJECTIVE, SOURCE, needs_source

pytestmark = pytest.mark.django_db


def _history_rows():
    return sum(m.history.count() for m in (Actie, Partij, Doelstelling, Prioriteit, Voortgang,
                                             Indicator))


def test_the_import_pins_the_number_of_actions_per_objective(werkagenda):
    counts = Counter(Actie.objects.values_list("doelstelling__code", flat=True))
    assert dict(counts) == EXPECTED_PER_OBJECTIVE
    assert Prioriteit.objects.count() == 3 and Doelstelling.objects.count() == 12


def test_both_rounds_arrive_published_with_their_history(werkagenda):
    rondes = list(Rapportageronde.objects.order_by("volgorde"))
    assert [(r.code, r.status) for r in rondes] == [
        ("zomer-2024", "gepubliceerd"), ("najaar-2025", "gepubliceerd")]
    assert [(g.oud, g.nieuw) for g in rondes[0].gebeurtenissen.all()] == [
        ("", "open"), ("open", "gepubliceerd")]
    assert Voortgang.objects.filter(ronde=rondes[0]).count() == 78


def test_a_sample_action_is_imported_field_by_field(werkagenda):
    actie = Actie.objects.get(code="1.3.4")
    assert actie.doelstelling.code == "1.3" and actie.volgorde == 4
    assert actie.wat.startswith("OCW investeert in de Regionale Meld- en Coördinatiefunctie")
    assert actie.wie_origineel == ("Gemeenten (primair), OCW, mbo-scholen, MBO Raad, NRTO, "
                                   "werkgevers, SZW, UVW, Ingrado")
    assert [(ap.partij.code, ap.primair) for ap in actie.actiepartijen.all()] == [
        ("gemeenten", True), ("ocw", False), ("mbo-scholen", False), ("mbo-raad", False),
        ("nrto", False), ("werkgevers", False), ("szw", False), ("uwv", False),
        ("ingrado", False)]
    assert actie.wanneer == ("De uitbreiding van de RMC is voorzien per 2025. "
                             "Internetconsultatie wetsvoorstel voorjaar 2023.")
    assert (actie.startjaar, actie.eindjaar, actie.doorlopend) == (2023, 2025, False)
    zomer, najaar = actie.voortgang.order_by("ronde__volgorde")
    assert zomer.tekst.startswith("Wetsvoorstel hiervoor is terug van de Raad van State")
    assert (najaar.tekst, najaar.idem, najaar.categorie, najaar.categorie_bron) == (
        "Idem.", True, zomer.categorie, Voortgang.Bron.OVERGENOMEN)


def test_a_second_sample_action_with_two_page_breaks(werkagenda):
    actie = Actie.objects.get(code="2.3.5")
    assert actie.wat.startswith("Het mbo draagt bij aan de arbeidsmarktinfrastructuur")
    assert actie.wat.endswith("voor werkenden en werkzoekenden.")
    assert "Werkgevers worden gestimuleerd door de subsidieregeling praktijkleren" in actie.wat
    assert actie.wanneer == "2023 e.v."
    najaar = actie.voortgang.get(ronde__code="najaar-2025")
    assert najaar.tekst.endswith("tussen alle actoren duurzaam versterkt wordt")
    assert najaar.categorie == Categorie.OP_SCHEMA


def test_the_import_is_idempotent(werkagenda, shipped_data):
    history = _history_rows()
    result = services.werkagenda_import(data=shipped_data)
    assert (result.created, result.updated) == (0, 0)
    assert result.unchanged > 500
    assert _history_rows() == history


def test_a_changed_text_is_updated_and_nothing_else(werkagenda, shipped_data):
    data = copy.deepcopy(shipped_data)
    data["acties"][0]["wat"] += " (gewijzigd)"
    result = services.werkagenda_import(data=data)
    assert (result.created, result.updated) == (0, 1)
    assert Actie.objects.get(code="1.1.1").wat.endswith("(gewijzigd)")


def test_the_import_is_atomic(db, shipped_data):
    data = copy.deepcopy(shipped_data)
    data["acties"][-1]["wie"].append({"partij": "bestaat-niet", "primair": False})
    with pytest.raises(KeyError):
        services.werkagenda_import(data=data)
    assert not Actie.objects.exists() and not Partij.objects.exists()


def test_indicators_have_baseline_target_and_measurements(werkagenda):
    practoraten = Indicator.objects.get(code="practoraten")
    assert (practoraten.basis_waarde, practoraten.basis_jaar) == (76, 2023)
    assert (practoraten.streef_waarde, practoraten.streef_jaar) == (141, 2027)
    mentaal = Indicator.objects.get(code="mentaal-welzijn")
    assert [(m.jaar, m.waarde) for m in mentaal.metingen.all()] == [(2024, 13)]


def test_the_command_loads_the_shipped_json_twice_without_changes(db, capsys):
    call_command("import_werkagenda")
    call_command("import_werkagenda")
    out = capsys.readouterr().out
    assert "78 acties; 0 nieuw, 0 gewijzigd" in out
    assert Actie.objects.count() == 78


def test_the_command_dry_run_saves_nothing(db, capsys):
    call_command("import_werkagenda", "--dry-run")
    assert "zou" in capsys.readouterr().out
    assert not Actie.objects.exists()


@needs_source
def test_the_command_reparses_the_report_text_to_the_same_registry(werkagenda, capsys):
    call_command("import_werkagenda", "--source", str(SOURCE))
    assert "0 nieuw, 0 gewijzigd" in capsys.readouterr().out
