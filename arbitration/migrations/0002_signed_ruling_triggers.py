"""Database guarantee: a signed ruling and an addendum are never updated.

The model and queryset refuse this too; the triggers also stop raw SQL and any other path.
SQLite and PostgreSQL both support row triggers, each in its own dialect.
"""
from django.db import migrations

SQLITE = [
    """CREATE TRIGGER arbitration_ruling_signed_immutable
       BEFORE UPDATE ON arbitration_ruling FOR EACH ROW WHEN OLD.ondertekend_op IS NOT NULL
       BEGIN SELECT RAISE(ABORT, 'signed ruling is immutable'); END""",
    """CREATE TRIGGER arbitration_addendum_immutable
       BEFORE UPDATE ON arbitration_rulingaddendum FOR EACH ROW
       BEGIN SELECT RAISE(ABORT, 'addendum is immutable'); END""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS arbitration_ruling_signed_immutable",
               "DROP TRIGGER IF EXISTS arbitration_addendum_immutable"]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION arbitration_refuse_update() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is immutable'; END;
       $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER arbitration_ruling_signed_immutable
       BEFORE UPDATE ON arbitration_ruling FOR EACH ROW WHEN (OLD.ondertekend_op IS NOT NULL)
       EXECUTE FUNCTION arbitration_refuse_update()""",
    """CREATE TRIGGER arbitration_addendum_immutable
       BEFORE UPDATE ON arbitration_rulingaddendum FOR EACH ROW
       EXECUTE FUNCTION arbitration_refuse_update()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS arbitration_ruling_signed_immutable ON arbitration_ruling",
    "DROP TRIGGER IF EXISTS arbitration_addendum_immutable ON arbitration_rulingaddendum",
    "DROP FUNCTION IF EXISTS arbitration_refuse_update()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor, [])
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):

    dependencies = [("arbitration", "0001_initial")]

    operations = [
        migrations.RunPython(_run({"sqlite": SQLITE, "postgresql": POSTGRES}),
                             _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})),
    ]
