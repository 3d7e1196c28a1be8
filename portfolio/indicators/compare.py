"""Before/after comparison of small tables, for the what-if report.

Plain Python over the few touched rows: much faster than pandas merges at this size.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

TOL = 1e-9


def same(a: Any, b: Any) -> bool:
    """Equal values; missing equals missing, floats within ``TOL``."""
    if a is None or b is None or a is pd.NA or b is pd.NA:
        return (a is None or a is pd.NA) and (b is None or b is pd.NA)
    if isinstance(a, float) or isinstance(b, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return math.isclose(a, b, rel_tol=TOL, abs_tol=TOL)
    return a == b


def compare(before: pd.DataFrame, after: pd.DataFrame, key: list[str], cols: list[str],
            info: list[str] = ()) -> pd.DataFrame:
    """Rows whose ``cols`` differ (or that appear/disappear), with ``_before``/``_after``.

    Plain Python over the (few) touched rows: much faster than a pandas merge here.
    """
    info = [c for c in info if c not in key]
    fields = info + cols

    def rows(df: pd.DataFrame) -> dict[tuple, tuple]:
        keys = zip(*(df[k].tolist() for k in key), strict=True)
        vals = zip(*(df[c].tolist() for c in fields), strict=True)
        return dict(zip(keys, vals, strict=True))

    b, a = rows(before), rows(after)
    n_info = len(info)
    out = []
    for k in sorted(set(b) | set(a)):
        vb, va = b.get(k), a.get(k)
        if vb is not None and va is not None:
            if all(same(x, y) for x, y in zip(vb[n_info:], va[n_info:], strict=True)):
                continue
            status = "changed"
        else:
            status = "added" if vb is None else "removed"
        rec = dict(zip(key, k, strict=True))
        rec["status"] = status
        rec.update(zip(info, (va if va is not None else vb)[:n_info], strict=True))
        for j, col in enumerate(cols, start=n_info):
            rec[f"{col}_before"] = None if vb is None else vb[j]
            rec[f"{col}_after"] = None if va is None else va[j]
        out.append(rec)
    columns = key + ["status"] + info + [f"{c}_{w}" for c in cols for w in ("before", "after")]
    return pd.DataFrame(out, columns=columns)


def diff_rows(before: pd.DataFrame, after: pd.DataFrame, key: list[str]):
    """Rows only in ``after`` (added) and only in ``before`` (removed), by ``key``."""
    b = list(zip(*(before[k].tolist() for k in key), strict=True))
    a = list(zip(*(after[k].tolist() for k in key), strict=True))
    b_set, a_set = set(b), set(a)
    added = after[np.array([k not in b_set for k in a], bool)].reset_index(drop=True)
    removed = before[np.array([k not in a_set for k in b], bool)].reset_index(drop=True)
    return added, removed
