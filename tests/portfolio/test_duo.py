"""DUO importers on small sample files in DUO's formats: results, idempotence, errors, replacement.

The registry below holds the gemeenten, programmes and institutions the samples refer to;
90AC is missing on purpose (the addresses file creates it) and 90AD is in no DUO file.
"""
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from portfolio.duo import (
    aanbod_import_duo,
    inschrijvingen_import_duo,
    instellingen_import_duo,
    locaties_import_duo,
)
from portfolio.importing import ImportFailed
from portfolio.models import Aanbod, Bron, Inschrijving, Instelling, Locatie, Provincie
from portfolio.selectors import portfolio_is_synthetic
from tests.factories import (
    AanbodFactory,
    GemeenteFactory,
    InschrijvingFactory,
    InstellingFactory,
    LocatieFactory,
    OpleidingFactory,
)

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data" / "duo"
ADRESSEN = DATA / "instellingenmbo.csv"
AANBOD = DATA / "mbo_opleidingsaanbod.csv"
KOPPELING = DATA / "relaties_onderwijsaanbieders_onderwijsinstellingserkenningen.csv"
STUDENTEN = DATA / "studenten-per-instelling-03.csv"
STUDENTEN_01 = DATA / "studenten-per-instelling-01.csv"
LOCATIES = DATA / "onderwijslocaties.csv"
GEMEENTEN = [  # code, naam, provincie, lat, lon
    ("GM0363", "Amsterdam", ("PV27", "Noord-Holland"), 52.37, 4.90),
    ("GM0599", "Rotterdam", ("PV28", "Zuid-Holland"), 51.92, 4.48),
    ("GM0344", "Utrecht", ("PV26", "Utrecht"), 52.09, 5.12),
    ("GM0164", "Hengelo (O.)", ("PV23", "Overijssel"), 52.26, 6.78),
    ("GM0373", "Bergen (NH.)", ("PV27", "Noord-Holland"), 52.66, 4.67),
    ("GM0893", "Bergen (L.)", ("PV31", "Limburg"), 51.59, 6.09),
]
CREBO = {"25655": ("Mbo-Verpleegkundige", 4), "25604": ("Software developer", 4),
         "25491": ("verzorgende-IG", 3), "25180": ("Kok", 2), "25407": ("Beveiliger", 2)}


@pytest.fixture
def registry():
    gem = {}
    for code, naam, (pv, pv_naam), lat, lon in GEMEENTEN:
        provincie, _ = Provincie.objects.get_or_create(code=pv, defaults={"naam": pv_naam})
        gem[code] = GemeenteFactory(code=code, naam=naam, provincie=provincie, lat=lat, lon=lon)
    for crebo, (naam, niveau) in CREBO.items():
        OpleidingFactory(crebo=crebo, naam=naam, niveau=niveau)
    return {
        "90AA": InstellingFactory(brin="90AA", naam="ROC Aan de Amstel", denominatie="Openbaar",
                                  home_gemeente=gem["GM0363"]),
        "90AB": InstellingFactory(brin="90AB", naam="Maascollege", home_gemeente=gem["GM0599"]),
        "90AD": InstellingFactory(brin="90AD", naam="Twentecollege",
                                  home_gemeente=gem["GM0164"]),
    }


def _synthetic(instelling, crebo="25180", code=None):
    """A synthetic location with one synthetic offering and two years of enrolments."""
    locatie = LocatieFactory(instelling=instelling, code=code or f"{instelling.brin}-01",
                             bron=Bron.SYNTHETISCH)
    aanbod = AanbodFactory(instelling=instelling, locatie=locatie, bron=Bron.SYNTHETISCH,
                           opleiding=OpleidingFactory(crebo=crebo))
    for jaar in (2024, 2025):
        InschrijvingFactory(aanbod=aanbod, jaar=jaar, studenten=30, bron=Bron.SYNTHETISCH)
    return aanbod


def _edit(tmp_path, source, replacements, encoding="utf-8"):
    """A copy of a sample file with some text replaced (each old text must occur)."""
    target = tmp_path / source.name
    shutil.copy(source, target)
    text = target.read_text(encoding=encoding)
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    target.write_text(text, encoding=encoding)
    return target


def _state():
    """Everything the importers write, to prove that a failed run wrote nothing."""
    return (list(Instelling.objects.values_list("brin", "naam", "home_gemeente_id")),
            list(Locatie.objects.values_list("code", "bron", "lat")),
            list(Aanbod.objects.values_list("id", "bron", "status")),
            list(Inschrijving.objects.values_list("aanbod_id", "jaar", "studenten", "bron")))


# ---- adressen ----------------------------------------------------------------------------

def test_addresses_update_institutions_and_create_the_missing_one(registry):
    report = instellingen_import_duo(path=ADRESSEN)

    assert report.counts["instellingen"] == {"nieuw": 1, "gewijzigd": 1, "ongewijzigd": 1,
                                             "verwijderd": 0}
    maas = Instelling.objects.get(brin="90AB")
    assert maas.naam == "Stichting Maascollege – Zuid"  # cp1252 en dash decoded
    assert maas.denominatie == "Samenwerking PC, RK"
    nieuw = Instelling.objects.get(brin="90AC")
    assert nieuw.type == Instelling.Type.VAK  # BER = beroepscollege
    assert nieuw.home_gemeente.code == "GM0344"
    seat = Locatie.objects.get(instelling=maas, code="90AB00")
    assert (seat.adres, seat.postcode, seat.plaats) == ("Coöperatiestraat 5", "3072 AP",
                                                        "Rotterdam")
    assert seat.bron == Bron.DUO and seat.gemeente.code == "GM0599"
    assert (seat.lat, seat.lon) == (51.92, 4.48)  # gemeente centroid until RIO refines it
    assert Locatie.objects.get(code="90AA00").adres == "Amstelplein 12-A"
    assert report.counts["locaties"]["nieuw"] == 3


def test_addresses_a_second_run_changes_nothing(registry):
    instellingen_import_duo(path=ADRESSEN)
    report = instellingen_import_duo(path=ADRESSEN)
    assert report.counts["instellingen"] == {"nieuw": 0, "gewijzigd": 0, "ongewijzigd": 3,
                                             "verwijderd": 0}
    assert report.counts["locaties"]["ongewijzigd"] == 3


def test_addresses_fall_back_to_the_place_name_after_a_municipal_merger(registry, tmp_path):
    path = _edit(tmp_path, ADRESSEN, [(";3512JC;UTRECHT;0344;", ";3512JC;UTRECHT;0999;")],
                 encoding="cp1252")
    instellingen_import_duo(path=path)
    assert Instelling.objects.get(brin="90AC").home_gemeente.code == "GM0344"


def test_addresses_report_every_bad_cell_and_write_nothing(registry, tmp_path):
    path = _edit(tmp_path, ADRESSEN, [(";90AC;", ";9XAC;"),
                                      (";AMSTERDAM;0363;AMSTERDAM;", ";ATLANTIS;0001;ATLANTIS;"),
                                      (";3072AP;", ";30721AP;")], encoding="cp1252")
    before = _state()
    with pytest.raises(ImportFailed) as exc:
        instellingen_import_duo(path=path)
    found = {(e.file, e.row, e.column) for e in exc.value.errors}
    assert found == {("instellingenmbo.csv", 4, "INSTELLINGSCODE"),
                     ("instellingenmbo.csv", 2, "GEMEENTENUMMER"),
                     ("instellingenmbo.csv", 3, "POSTCODE")}
    messages = {e.column: e.message for e in exc.value.errors}
    assert "ATLANTIS" in messages["GEMEENTENUMMER"]
    assert _state() == before


# ---- aanbod ------------------------------------------------------------------------------

def test_offerings_create_locations_and_offerings_and_skip_what_is_out_of_scope(registry):
    report = aanbod_import_duo(path=AANBOD, koppeling=KOPPELING)

    assert report.counts["locaties"]["nieuw"] == 5
    assert report.counts["aanbod"]["nieuw"] == 8  # a second cohort is the same offering
    assert not Aanbod.objects.exclude(bron=Bron.DUO).exists()
    assert set(Aanbod.objects.values_list("status", flat=True)) == {Aanbod.Status.ACTIEF}
    maas = registry["90AB"]
    assert set(maas.aanbod.values_list("opleiding__crebo", "locatie__code", "leerweg")) == {
        ("25180", "902X001", "BOL"), ("25180", "902X002", "BBL"), ("25407", "902X003", "BOL"),
        ("25491", "902X001", "BOL"), ("25180", "902X003", "BOL")}
    bergen = Locatie.objects.get(code="902X002")
    assert bergen.gemeente.code == "GM0373"  # "BERGEN NH", not Bergen (L.)
    feijenoord = Locatie.objects.get(code="902X003")
    assert feijenoord.gemeente.code == "GM0599"  # not a gemeente: PC4 3072 of 902X001
    assert Locatie.objects.get(code="901X002").naam == "Zuiderzeeweg 3 a, Amsterdam"
    notes = "\n".join(report.notes)
    assert "geen kwalificatie (MBOKEUZEDEEL): 1 regels" in notes
    assert "leertraject EX: 1 regels" in notes
    assert "zonder onderwijslocatie: 1 regels" in notes
    assert "1 regels van 1 aanbieders (o.a. 900A099 Rijschool Voorbeeld B.V.)" in notes


def test_offerings_a_second_run_changes_nothing(registry):
    _synthetic(registry["90AA"])
    aanbod_import_duo(path=AANBOD, koppeling=KOPPELING)
    report = aanbod_import_duo(path=AANBOD, koppeling=KOPPELING)
    assert report.counts["locaties"] == {"nieuw": 0, "gewijzigd": 0, "ongewijzigd": 5,
                                         "verwijderd": 0}
    assert report.counts["aanbod"] == {"nieuw": 0, "gewijzigd": 0, "ongewijzigd": 8,
                                       "verwijderd": 0}
    assert report.counts["inschrijvingen"]["verwijderd"] == 0


def test_offerings_replace_the_synthetic_portfolio_of_imported_institutions_only(registry):
    replaced = _synthetic(registry["90AA"])
    kept = _synthetic(registry["90AD"])
    portal = AanbodFactory(instelling=registry["90AB"], bron=Bron.PORTAAL,
                           locatie=LocatieFactory(instelling=registry["90AB"], code="90AB-01",
                                                  bron=Bron.SYNTHETISCH),
                           opleiding=OpleidingFactory(crebo="25604"))

    report = aanbod_import_duo(path=AANBOD, koppeling=KOPPELING)

    assert not Aanbod.objects.filter(pk=replaced.pk).exists()
    assert not Locatie.objects.filter(code="90AA-01").exists()  # left without offerings
    assert not Inschrijving.objects.filter(aanbod__instelling=registry["90AA"],
                                           bron=Bron.SYNTHETISCH).exists()
    assert Aanbod.objects.filter(pk=kept.pk, bron=Bron.SYNTHETISCH).exists()
    assert kept.inschrijvingen.count() == 2
    # A synthetic location that still holds a portal offering stays.
    assert Locatie.objects.filter(pk=portal.locatie_id).exists()
    assert report.counts["aanbod"]["verwijderd"] == 1
    assert report.counts["inschrijvingen"]["verwijderd"] == 2
    assert report.counts["locaties"]["verwijderd"] == 1
    assert portfolio_is_synthetic()  # 90AD is still synthetic


def test_the_synthetic_label_disappears_when_every_institution_was_imported(registry):
    _synthetic(registry["90AA"])
    _synthetic(registry["90AB"], crebo="25407")
    assert portfolio_is_synthetic()
    aanbod_import_duo(path=AANBOD, koppeling=KOPPELING)
    assert not portfolio_is_synthetic()


def test_offerings_link_providers_by_name_without_the_rio_relation_file(registry):
    report = aanbod_import_duo(path=AANBOD)
    assert set(Aanbod.objects.values_list("instelling__brin", flat=True)) == {"90AA"}
    # The RIO name "Stichting Maascollege" is not the registry name "Maascollege".
    assert "900A002 Stichting Maascollege" in "\n".join(report.notes)


def test_offerings_report_every_bad_cell_and_write_nothing(registry, tmp_path):
    _synthetic(registry["90AA"])
    path = _edit(tmp_path, AANBOD, [
        ('"25604","MBOOPLEIDINGSERKENNING"', '"25999","MBOOPLEIDINGSERKENNING"'),  # line 4
        ('"VIG-BOL","BOL","MBO-3"', '"VIG-BOL","BOL","MBO-4"'),  # line 11: niveau mismatch
        ('"3072BA","FEIJENOORD"', '"4000AA","FEIJENOORD"'),  # line 10: unknown place and PC4
    ], encoding="utf-8-sig")
    before = _state()
    with pytest.raises(ImportFailed) as exc:
        aanbod_import_duo(path=path, koppeling=KOPPELING)
    found = {(e.file, e.row, e.column) for e in exc.value.errors}
    assert found == {("mbo_opleidingsaanbod.csv", 4, "ERKENDEOPLEIDINGSCODE"),
                     ("mbo_opleidingsaanbod.csv", 11, "MBONIVEAU"),
                     ("mbo_opleidingsaanbod.csv", 10, "PLAATSNAAM")}
    assert _state() == before
    assert portfolio_is_synthetic()


def test_offerings_can_skip_unknown_crebos_on_request(registry, tmp_path):
    path = _edit(tmp_path, AANBOD, [('"25604","MBOOPLEIDINGSERKENNING"',
                                     '"25999","MBOOPLEIDINGSERKENNING"')], encoding="utf-8-sig")
    report = aanbod_import_duo(path=path, koppeling=KOPPELING, skip_unknown_crebo=True)
    assert "crebo niet in het register: 1 regels" in "\n".join(report.notes)
    assert report.counts["aanbod"]["nieuw"] == 8  # the second cohort still carries 25604


# ---- onderwijslocaties -------------------------------------------------------------------

def test_rio_locations_refine_coordinates_and_a_new_offerings_run_keeps_them(registry):
    aanbod_import_duo(path=AANBOD, koppeling=KOPPELING)
    report = locaties_import_duo(path=LOCATIES)
    assert report.counts["locaties"]["gewijzigd"] == 2
    amstel = Locatie.objects.get(code="901X001")
    assert (amstel.lat, amstel.lon) == (52.35712, 4.91234)
    assert "3 DUO-locatiecodes staan niet in het bestand" in report.notes[0]

    again = aanbod_import_duo(path=AANBOD, koppeling=KOPPELING)
    assert again.counts["locaties"]["gewijzigd"] == 0
    assert Locatie.objects.get(code="901X001").lat == 52.35712
    assert locaties_import_duo(path=LOCATIES).counts["locaties"]["gewijzigd"] == 0


def test_rio_locations_reject_a_matched_location_outside_the_netherlands(registry, tmp_path):
    aanbod_import_duo(path=AANBOD, koppeling=KOPPELING)
    path = _edit(tmp_path, LOCATIES, [("52.35712,4.91234", "12.35712,4.91234")])
    with pytest.raises(ImportFailed) as exc:
        locaties_import_duo(path=path)
    assert [(e.row, e.column) for e in exc.value.errors] == [(2, "GPS_LATITUDE")]


# ---- studenten ---------------------------------------------------------------------------

def _enrolment(brin, crebo, code, leerweg, jaar=2025):
    return Inschrijving.objects.get(aanbod__instelling__brin=brin, aanbod__opleiding__crebo=crebo,
                                    aanbod__locatie__code=code, aanbod__leerweg=leerweg,
                                    jaar=jaar)


def test_students_per_programme_become_enrolments_of_the_duo_offerings(registry):
    _synthetic(registry["90AA"])
    aanbod_import_duo(path=AANBOD, koppeling=KOPPELING)

    report = inschrijvingen_import_duo(path=STUDENTEN)

    assert report.counts["inschrijvingen"]["nieuw"] == 8 * 5  # 8 offerings, 2021-2025
    # BOLVT + BOLDT = BOL; -1 (1 to 4 students) counts as 1.
    assert _enrolment("90AA", "25655", "901X001", "BOL").studenten == 85 + 5
    assert _enrolment("90AA", "25655", "901X001", "BOL", 2021).studenten == 60 + 2
    assert _enrolment("90AA", "25655", "901X001", "BBL").studenten == 36
    # Kok BOL at two locations of 90AB: 51 split evenly, the remainder to the lower code.
    assert _enrolment("90AB", "25180", "902X001", "BOL").studenten == 26
    assert _enrolment("90AB", "25180", "902X003", "BOL").studenten == 25
    assert set(Inschrijving.objects.values_list("bron", flat=True)) == {Bron.DUO}
    notes = "\n".join(report.notes)
    assert "1 combinaties van instelling, crebo en leerweg zijn gelijk verdeeld" in notes
    assert "2 regels passen bij geen DUO-aanbod (26 studenten in 2025)" in notes
    assert "regel 11: 90AA 10999 BOL; regel 12: 90AD 25180 BOL" in notes
    assert "9 onderdrukte cellen" in notes
    assert "extranei (EX): 1 regels" in notes


def test_students_a_second_run_changes_nothing(registry):
    aanbod_import_duo(path=AANBOD, koppeling=KOPPELING)
    inschrijvingen_import_duo(path=STUDENTEN)
    report = inschrijvingen_import_duo(path=STUDENTEN)
    assert report.counts["inschrijvingen"] == {"nieuw": 0, "gewijzigd": 0, "ongewijzigd": 40,
                                               "verwijderd": 0}


def test_students_report_every_bad_cell_and_write_nothing(registry, tmp_path):
    aanbod_import_duo(path=AANBOD, koppeling=KOPPELING)
    path = _edit(tmp_path, STUDENTEN, [(";BBL;4;25655;", ";BLL;4;25655;"),  # line 4
                                       (";48;7\n", ";48;zeven\n"),  # line 5, VROUW2025
                                       (";20;9\n", ";20;-3\n")],  # line 8, VROUW2025
                 encoding="latin-1")
    before = _state()
    with pytest.raises(ImportFailed) as exc:
        inschrijvingen_import_duo(path=path)
    found = {(e.file, e.row, e.column) for e in exc.value.errors}
    assert found == {("studenten-per-instelling-03.csv", 4, "LEERWEG"),
                     ("studenten-per-instelling-03.csv", 5, "VROUW2025"),
                     ("studenten-per-instelling-03.csv", 8, "VROUW2025")}
    assert _state() == before


def test_students_per_institution_totals_are_compared_not_written(registry):
    aanbod_import_duo(path=AANBOD, koppeling=KOPPELING)
    inschrijvingen_import_duo(path=STUDENTEN)
    before = _state()
    report = inschrijvingen_import_duo(path=STUDENTEN_01)
    assert _state() == before
    assert report.counts["inschrijvingen"]["nieuw"] == 0
    # 90AA in 2025: DUO BOL 5 + 140 and BBL 36; the portal has 90 + 55 BOL and 36 BBL.
    assert "90AA: BOL 145 / 145, BBL 36 / 36" in report.notes


# ---- command -----------------------------------------------------------------------------

def test_the_command_prints_counts_and_is_idempotent(registry, capsys):
    call_command("import_duo", "aanbod", str(AANBOD), "--koppeling", str(KOPPELING))
    call_command("import_duo", "aanbod", str(AANBOD), "--koppeling", str(KOPPELING))
    out = capsys.readouterr().out
    assert "aanbod           nieuw      8" in out
    assert "aanbod           nieuw      0  gewijzigd      0  ongewijzigd      8" in out
    assert "DUO-import aanbod klaar." in out


def test_the_command_fails_with_the_error_list(registry, tmp_path, capsys):
    path = _edit(tmp_path, ADRESSEN, [(";90AC;", ";9XAC;")], encoding="cp1252")
    with pytest.raises(CommandError, match="1 fout"):
        call_command("import_duo", "adressen", str(path))
    assert "instellingenmbo.csv, regel 4, kolom INSTELLINGSCODE" in capsys.readouterr().err
    assert not Instelling.objects.filter(brin="90AC").exists()


def test_the_command_exits_non_zero_for_a_missing_file(registry, tmp_path):
    with pytest.raises(CommandError, match="niets opgeslagen"):
        call_command("import_duo", "studenten", str(tmp_path / "nope.csv"))
