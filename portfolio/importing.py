"""Shared machinery for atomic, idempotent imports with row-level error reports."""
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from django.db import DatabaseError, models, transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from mbo_regie.errors import DomainError


@dataclass(frozen=True)
class RowError:
    file: str
    row: int  # line number in the file, header = 1
    column: str
    message: str

    def __str__(self):
        where = f", regel {self.row}" if self.row else ""  # 0: the file, or a record by key
        return f"{self.file}{where}, kolom {self.column}: {self.message}"


class ImportFailed(DomainError):
    """The import wrote nothing; `errors` lists every problem by file, row and column."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        shown = "\n".join(str(e) for e in errors[:20])
        more = f"\n… en nog {len(errors) - 20} fouten" if len(errors) > 20 else ""
        super().__init__(f"Import mislukt, er is niets opgeslagen.\n{shown}{more}",
                         code="import_failed")


@dataclass
class UpsertCount:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict:
        return {"nieuw": self.created, "gewijzigd": self.updated, "ongewijzigd": self.unchanged}


@dataclass
class RowReader:
    """Reads one CSV as strings and collects typed values or row errors."""

    path: Path
    sep: str = ","
    encoding: str = "utf-8"
    errors: list[RowError] = field(default_factory=list)

    def frame(self, required: Iterable[str], *, key: str | None = None) -> pd.DataFrame:
        """The file as strings; with ``key``, a repeated key is reported per row."""
        name = self.path.name
        try:
            df = pd.read_csv(self.path, dtype=str, keep_default_na=False, sep=self.sep,
                             encoding=self.encoding)
        except FileNotFoundError:
            raise ImportFailed([RowError(name, 0, "-", "bestand niet gevonden")]) from None
        except (UnicodeDecodeError, pd.errors.ParserError) as exc:
            raise ImportFailed([RowError(name, 0, "-", f"onleesbaar bestand: {exc}")]) from None
        df.columns = [c.strip() for c in df.columns]
        missing = [c for c in required if c not in df.columns]
        if missing:
            raise ImportFailed([RowError(name, 1, c, "kolom ontbreekt") for c in missing])
        if key:
            self.unique(df, key)
        return df

    def unique(self, df: pd.DataFrame, column: str) -> None:
        """Report every row that repeats a key of an earlier row (the database would refuse)."""
        values = df[column].str.strip()
        for index in df.index[values.duplicated() & (values != "")]:
            self.error(index, column, f"dubbele waarde {values[index]!r}")

    def error(self, index: int, column: str, message: str) -> None:
        self.errors.append(RowError(self.path.name, int(index) + 2, column, message))

    def text(self, row, index, column, *, required=True) -> str:
        value = str(row[column]).strip()
        if required and not value:
            self.error(index, column, "waarde ontbreekt")
        return value

    def number(self, row, index, column, cast: Callable = int, *, required=True):
        value = str(row[column]).strip().replace(",", ".") if cast is float else \
            str(row[column]).strip()
        if not value:
            if required:
                self.error(index, column, "waarde ontbreekt")
            return None
        try:
            return cast(value)
        except ValueError:
            self.error(index, column, f"geen geldig getal: {value!r}")
            return None

    def choice(self, row, index, column, allowed: Iterable[str], *, required=True) -> str:
        value = self.text(row, index, column, required=required)
        allowed = set(allowed)
        if value and value not in allowed:
            self.error(index, column, f"onbekende waarde {value!r} (toegestaan: "
                                      f"{', '.join(sorted(allowed))})")
        return value

    def lookup(self, row, index, column, mapping: dict, *, required=True):
        value = self.text(row, index, column, required=required)
        if not value:
            return None
        if value not in mapping:
            self.error(index, column, f"onbekende verwijzing {value!r}")
            return None
        return mapping[value]


def upsert(model: type[models.Model], key: str | tuple[str, ...], rows: list[dict]) -> UpsertCount:
    """Create missing rows and update changed ones by natural key; history rows for both.

    Rows that already match are left alone, so a re-run changes nothing.
    """
    keys = (key,) if isinstance(key, str) else key
    existing = {tuple(getattr(o, k) for k in keys): o for o in model.objects.all()}
    count = UpsertCount()
    to_create, to_update, fields_changed = [], [], set()
    for values in rows:
        k = tuple(values[k_] for k_ in keys)
        obj = existing.get(k)
        if obj is None:
            to_create.append(model(**values))
            continue
        changed = [f for f, v in values.items() if getattr(obj, f) != v]
        if changed:
            for f in changed:
                setattr(obj, f, values[f])
            fields_changed.update(changed)
            to_update.append(obj)
        else:
            count.unchanged += 1
    try:
        # A savepoint, so a refusal can be traced to its rows before the import is undone.
        with transaction.atomic():
            if to_create:
                bulk_create_with_history(to_create, model, batch_size=2000)
            if to_update:
                bulk_update_with_history(to_update, model, sorted(fields_changed),
                                         batch_size=2000)
    except DatabaseError as exc:
        raise ImportFailed(_refused_rows(model, keys, to_create, to_update, exc)) from exc
    count.created, count.updated = len(to_create), len(to_update)
    return count


def _refused_rows(model, keys, to_create, to_update, exc) -> list[RowError]:
    """Which rows the database refuses: each one is tried alone in a savepoint rolled back."""
    label, errors = str(model._meta.verbose_name_plural), []
    for obj in [*to_create, *to_update]:
        try:
            with transaction.atomic():
                obj.save(force_insert=obj.pk is None)
                transaction.set_rollback(True)
        except DatabaseError as row_exc:
            key = ", ".join(f"{k}={getattr(obj, k)}" for k in keys)
            errors.append(RowError(label, 0, key, f"geweigerd door de database: {row_exc}"))
            if len(errors) >= 20:
                break
    return errors or [RowError(label, 0, "-", f"geweigerd door de database: {exc}")]


def count_lines(counts: dict[str, dict]) -> list[str]:
    """Human-readable lines of an import's counts, for management commands."""
    return [f"{name:20} " + "  ".join(f"{k} {v:6}" for k, v in c.items())
            for name, c in counts.items()]
