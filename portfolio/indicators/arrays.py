"""Small numpy helpers for grouped counts (cheaper than a pandas groupby on a few rows)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def starts(*keys: np.ndarray) -> np.ndarray:
    """Bool mask: True where any key differs from the previous row (row 0 is True)."""
    n = len(keys[0])
    new = np.zeros(n, bool)
    if n:
        new[0] = True
        for key in keys:
            new[1:] |= key[1:] != key[:-1]
    return new


def codes(values) -> np.ndarray:
    """Integer codes for any values (strings included), equal values -> equal codes."""
    arr = np.asarray(values)
    if arr.dtype.kind in "iub":
        return arr.astype(np.int64)
    return pd.factorize(arr)[0].astype(np.int64)


def group_nunique(groups: np.ndarray, values, n_groups: int) -> np.ndarray:
    """Number of distinct ``values`` per group (``groups`` are codes 0..n_groups-1)."""
    if len(groups) == 0:
        return np.zeros(n_groups, np.int64)
    v = codes(values)
    order = np.lexsort((v, groups))
    g, v = groups[order], v[order]
    first = starts(g, v)
    return np.bincount(g[first], minlength=n_groups)


def row_dot(matrix: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``matrix @ weights`` for a (boolean) matrix and a vector, without BLAS.

    BLAS threads wake up for every call; on a busy 2-core server that costs milliseconds
    per product, far more than the product itself.
    """
    return np.einsum("ij,j->i", matrix, weights.astype(float))


def col_dot(weights: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """``weights @ matrix`` for a vector and a (boolean) matrix, without BLAS."""
    return np.einsum("i,ij->j", weights.astype(float), matrix)


def group_sum(groups: np.ndarray, values, n_groups: int) -> np.ndarray:
    """Sum of ``values`` per group, as int64 when the values are integers or booleans."""
    values = np.asarray(values)
    out = np.bincount(groups, weights=values.astype(float), minlength=n_groups)
    return np.rint(out).astype(np.int64) if values.dtype.kind in "iub" else out
