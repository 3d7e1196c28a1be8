"""Differences between versions: pure functions on snapshots."""
from portfolio.proposals.diff import snapshot_diff, words_diff


def _snap(samenvatting="Start in Amsterdam.", motivatie=None, wijzigingen=None):
    return {"samenvatting": samenvatting, "motivatie": motivatie or {"doelmatigheid": "Goed."},
            "wijzigingen": wijzigingen if wijzigingen is not None else [
                {"key": "start|1|2|3|BOL", "label": "Start Zorg", "studenten": 30,
                 "capaciteit": 40, "ingangsdatum": "2027-08-01", "profiel": "",
                 "capaciteit_onderbouwing": ""}]}


def test_words_diff_marks_deleted_and_inserted_words():
    segments = words_diff("start met dertig studenten", "start met twintig studenten")
    assert ("delete", "dertig") in segments and ("insert", "twintig") in segments
    assert "".join(t for op, t in segments if op != "delete") == "start met twintig studenten"
    assert "".join(t for op, t in segments if op != "insert") == "start met dertig studenten"


def test_identical_versions_have_an_empty_diff():
    assert snapshot_diff(_snap(), _snap())["leeg"] is True


def test_a_changed_capacity_is_listed_with_old_and_new_value():
    new = _snap(wijzigingen=[{**_snap()["wijzigingen"][0], "capaciteit": 25}])
    result = snapshot_diff(_snap(), new)
    [(change, fields)] = result["gewijzigd"]
    assert change["label"] == "Start Zorg" and fields == [("capaciteit", 40, 25)]
    assert result["toegevoegd"] == [] and result["verwijderd"] == []


def test_added_and_removed_changes_and_changed_texts_are_reported():
    other = {"key": "stop|1|4|3|BBL", "label": "Stop Techniek", "studenten": None,
             "capaciteit": None, "ingangsdatum": "2027-08-01", "profiel": "",
             "capaciteit_onderbouwing": ""}
    new = _snap(samenvatting="Start in Zaandam.", motivatie={"doelmatigheid": "Beter."},
                wijzigingen=[other])
    result = snapshot_diff(_snap(), new)
    assert [c["label"] for c in result["toegevoegd"]] == ["Stop Techniek"]
    assert [c["label"] for c in result["verwijderd"]] == ["Start Zorg"]
    assert ("insert", "Zaandam.") in result["samenvatting"]
    assert result["motivatie"][0][0] == "doelmatigheid"
    assert result["leeg"] is False
