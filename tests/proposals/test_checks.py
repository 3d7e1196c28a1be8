"""Dutch signals from an impact snapshot: pure function, hand-built impact dicts."""
import datetime

from django.utils import translation

from portfolio.proposals.checks import proposal_signals, signal_text

TODAY = datetime.date(2026, 1, 15)


def _change(**kw):
    base = {"actie": "start", "crebo": "25180", "opleiding_naam": "Verzorgende-IG",
            "specialistisch": False, "btg_code": "ZWS", "btg_naam": "Zorg, Welzijn en Sport",
            "onderbouwd": False, "ingangsdatum": datetime.date(2027, 8, 1)}
    return {**base, **kw}


def _proposal(*changes, gemeld_op=TODAY, **extra):
    return {"gemeld_op": gemeld_op, "wijzigingen": list(changes) or [_change()], **extra}


def _codes(signals):
    return [s["code"] for s in signals]


OVERLAP = {"gemeente_code": "GM0363", "gemeente_naam": "Amsterdam", "instelling_id": 1,
           "other_instelling_id": 2, "other_instelling_naam": "ROC TOP", "crebo": "25180",
           "onderbouwd": False}


def test_an_unjustified_overlap_is_a_warning_naming_gemeente_and_institution():
    [signal, *_rest] = proposal_signals({"overlap_new": [OVERLAP]}, _proposal(), late_days=180)
    assert signal["code"] == "overlap" and signal["ernst"] == "waarschuwing"
    assert signal["afspraak"] == 1
    assert signal["tekst"] == ("Overlap in gemeente Amsterdam met instelling ROC TOP zonder "
                               "onderbouwing capaciteit of onderscheidend aanbod "
                               "(Verzorgende-IG (25180)).")


def test_a_justified_overlap_asks_attention_but_is_no_warning():
    signals = proposal_signals({"overlap_new": [{**OVERLAP, "onderbouwd": True}]},
                               _proposal(), late_days=180)
    assert "overlap" not in _codes(signals)
    [signal] = [s for s in signals if s["code"] == "overlap_onderbouwd"]
    assert signal["ernst"] == "aandacht"


def test_the_same_overlap_pair_twice_gives_one_signal():
    signals = proposal_signals({"overlap_new": [OVERLAP, dict(OVERLAP)]}, _proposal(),
                               late_days=180)
    assert _codes(signals).count("overlap") == 1


def test_lost_coverage_is_one_white_spot_signal_per_programme_with_the_inhabitants():
    lost = [{"gemeente_code": f"GM{i:04d}", "gemeente_naam": f"Dorp {i}", "crebo": "25180",
             "inwoners": 1000} for i in range(7)]
    [signal] = [s for s in proposal_signals({"coverage_lost": lost}, _proposal(),
                                            late_days=180) if s["code"] == "dekking_verlies"]
    assert signal["afspraak"] == 2 and signal["ernst"] == "waarschuwing"
    assert "Dorp 0, Dorp 1, Dorp 2, Dorp 3, Dorp 4 en 2 andere" in signal["tekst"]
    assert "7.000 inwoners" in signal["tekst"]


def test_only_offerings_newly_at_risk_of_thinning_are_signalled():
    rows = [{"aanbod_id": 1, "instelling_id": 7, "crebo": "25180", "gemeente_code": "GM0014",
             "thinning_risk_before": False, "thinning_risk_after": True},
            {"aanbod_id": 2, "instelling_id": 8, "crebo": "25180", "gemeente_code": "GM0014",
             "thinning_risk_before": True, "thinning_risk_after": True}]
    signals = proposal_signals({"thinning": rows}, _proposal(instellingen={7: "Noorderpoort"},
                                                              gemeenten={"GM0014": "Groningen"}),
                               late_days=180)
    [signal] = [s for s in signals if s["code"] == "verschraling"]
    assert "Noorderpoort" in signal["tekst"] and "Groningen" in signal["tekst"]


def test_starting_a_specialist_programme_needs_added_social_value():
    change = _change(specialistisch=True)
    [signal] = [s for s in proposal_signals({}, _proposal(change), late_days=180)
                if s["afspraak"] == 3]
    assert signal["code"] == "specialistisch" and signal["ernst"] == "waarschuwing"
    justified = _change(crebo="25300", onderbouwd=True)
    signals = proposal_signals({"specialist": [{"crebo": "25300"}]}, _proposal(justified),
                               late_days=180)
    assert "specialistisch_onderbouwd" in _codes(signals)


def test_stopping_a_specialist_programme_is_no_specialist_signal():
    signals = proposal_signals({}, _proposal(_change(actie="stop", specialistisch=True)),
                               late_days=180)
    assert not [s for s in signals if s["afspraak"] == 3]


def test_every_btg_touched_gets_an_information_signal_for_the_sectoral_consultation():
    signals = proposal_signals({}, _proposal(_change(), _change(crebo="25181")), late_days=180)
    [signal] = [s for s in signals if s["code"] == "btg"]
    assert signal["ernst"] == "info" and signal["afspraak"] == 4
    assert "Zorg, Welzijn en Sport" in signal["tekst"] and "(2 wijziging(en))" in signal["tekst"]


def test_a_change_announced_too_close_to_its_date_is_a_late_melding():
    late = _proposal(_change(ingangsdatum=TODAY + datetime.timedelta(days=100)))
    assert "late_melding" in _codes(proposal_signals({}, late, late_days=180))
    on_time = _proposal(_change(ingangsdatum=TODAY + datetime.timedelta(days=180)))
    assert "late_melding" not in _codes(proposal_signals({}, on_time, late_days=180))
    past = _proposal(_change(ingangsdatum=TODAY - datetime.timedelta(days=1)))
    assert "late_melding_verleden" in _codes(proposal_signals({}, past, late_days=180))


def test_warnings_come_first_and_synthetic_data_is_mentioned():
    signals = proposal_signals({"overlap_new": [OVERLAP], "synthetisch": True}, _proposal(),
                               late_days=10)
    severities = [s["ernst"] for s in signals]
    assert severities == sorted(severities, key=["waarschuwing", "aandacht", "info"].index)
    assert _codes(signals)[-1] == "synthetisch"


def test_a_signal_is_rendered_again_in_the_readers_language():
    [signal, *_rest] = proposal_signals({"overlap_new": [OVERLAP]}, _proposal(),
                                        late_days=180)
    with translation.override("en"):
        text = signal_text(signal)
    assert text.startswith("Overlap in municipality Amsterdam")
    assert signal_text({"code": "onbekend", "tekst": "bewaard"}) == "bewaard"
