"""What-if impact on a small known portfolio: overlap, lost coverage, affected institutions."""
import pytest

from portfolio.impact import ImpactError, impact_of_changes
from tests.factories import (
    AanbodFactory,
    GemeenteFactory,
    InschrijvingFactory,
    InstellingFactory,
    LocatieFactory,
    OpleidingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_portfolio():
    """Two institutions in Amsterdam, one far away in Maastricht; one shared programme."""
    amsterdam = GemeenteFactory(code="GM0363", naam="Amsterdam", lat=52.37, lon=4.90,
                                inwoners=900_000)
    zaanstad = GemeenteFactory(code="GM0479", naam="Zaanstad", lat=52.47, lon=4.78,
                               inwoners=150_000, arbeidsmarktregio=amsterdam.arbeidsmarktregio,
                               provincie=amsterdam.provincie)
    maastricht = GemeenteFactory(code="GM0935", naam="Maastricht", lat=50.85, lon=5.69,
                                 inwoners=120_000)
    roc = InstellingFactory(brin="25PZ", naam="ROC van Amsterdam", home_gemeente=amsterdam)
    top = InstellingFactory(brin="30RM", naam="ROC TOP", home_gemeente=amsterdam)
    leeuwenborgh = InstellingFactory(brin="25LZ", naam="Leeuwenborgh", home_gemeente=maastricht)
    opleiding = OpleidingFactory(crebo="25180", naam="Verzorgende-IG", niveau=3)
    existing = AanbodFactory(instelling=roc, opleiding=opleiding,
                             locatie=LocatieFactory(instelling=roc, gemeente=amsterdam))
    InschrijvingFactory(aanbod=existing, studenten=80)
    far = AanbodFactory(instelling=leeuwenborgh, opleiding=opleiding,
                        locatie=LocatieFactory(instelling=leeuwenborgh, gemeente=maastricht))
    return {"roc": roc, "top": top, "opleiding": opleiding, "existing": existing, "far": far,
            "top_locatie": LocatieFactory(instelling=top, gemeente=amsterdam),
            "zaanstad": zaanstad}


def test_starting_the_same_programme_in_the_same_gemeente_is_an_unjustified_overlap(
        small_portfolio):
    p = small_portfolio
    impact = impact_of_changes([{"action": "start", "instelling_id": p["top"].pk,
                                 "opleiding_id": p["opleiding"].pk,
                                 "locatie_id": p["top_locatie"].pk, "leerweg": "BOL",
                                 "studenten": 40, "onderbouwd": False}])
    [pair] = impact["overlap_new"]
    assert pair["other_instelling_naam"] == "ROC van Amsterdam"
    assert pair["gemeente_naam"] == "Amsterdam" and pair["same_gemeente"]
    assert pair["onderbouwd"] is False
    assert p["roc"].pk in impact["affected_instelling_ids"]
    assert p["far"].instelling_id not in impact["affected_instelling_ids"]
    assert impact["deltas"]["offerings"] == 1
    assert impact["coverage_lost"] == []


def test_stopping_the_only_nearby_offering_loses_coverage_around_it(small_portfolio):
    p = small_portfolio
    impact = impact_of_changes([{"action": "stop", "aanbod_id": p["existing"].pk}])
    lost = {row["gemeente_naam"] for row in impact["coverage_lost"]}
    assert {"Amsterdam", "Zaanstad"} <= lost
    assert "Maastricht" not in lost
    assert impact["deltas"]["offerings"] == -1
    assert impact["deltas"]["covered_population_sum"] < 0


def test_an_unknown_offering_is_refused_with_the_field_named(small_portfolio):
    with pytest.raises(ImpactError) as excinfo:
        impact_of_changes([{"action": "scale_down", "aanbod_id": 987654, "studenten": 10}])
    assert excinfo.value.field == "aanbod_id" and excinfo.value.index == 0


def test_scaling_down_moves_students_by_the_difference(small_portfolio):
    p = small_portfolio
    impact = impact_of_changes([{"action": "scale_down", "aanbod_id": p["existing"].pk,
                                 "studenten": 50}])
    assert impact["deltas"]["studenten"] == -30
