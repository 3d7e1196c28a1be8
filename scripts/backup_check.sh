#!/usr/bin/env bash
# Back up the portal's database and media, restore the database into a scratch copy and compare
# every table's row count with the original. Proves the procedure of docs/backup.md end to end.
#
#   scripts/backup_check.sh                     # DATABASE_URL from the environment (or SQLite)
#   BACKUP_DIR=/srv/backups scripts/backup_check.sh
#
# PostgreSQL: pg_dump -Fc, pg_restore into <db>_restore_check (dropped afterwards).
# SQLite: sqlite3 .backup (safe while the portal runs), PRAGMA integrity_check on the copy.
set -euo pipefail
cd "$(dirname "$0")/.."
STAMP=$(date +%Y%m%d-%H%M%S)
BACKUP_DIR=${BACKUP_DIR:-var/backups}
MEDIA_ROOT=${MEDIA_ROOT:-var/media}
DATABASE_URL=${DATABASE_URL:-sqlite:///$PWD/var/db.sqlite3}
mkdir -p "$BACKUP_DIR"

counts_pg() {  # one "table|rows" line per table of the public schema
  psql -X -q -At -d "$1" -c "SELECT table_name, (xpath('/row/c/text()', query_to_xml(
    format('SELECT count(*) AS c FROM %I', table_name), false, true, '')))[1]::text
    FROM information_schema.tables WHERE table_schema = 'public'
    AND table_type = 'BASE TABLE' ORDER BY 1"
}
counts_sqlite() {
  for t in $(sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type='table' ORDER BY 1"); do
    echo "$t|$(sqlite3 "$1" "SELECT count(*) FROM \"$t\"")"
  done
}

case "$DATABASE_URL" in
  postgres://*|postgresql://*)
    DB=${DATABASE_URL##*/}; DB=${DB%%\?*}; SERVER=${DATABASE_URL%/*}
    DUMP="$BACKUP_DIR/$DB-$STAMP.dump"
    pg_dump -Fc --no-owner -d "$DATABASE_URL" -f "$DUMP"
    SCRATCH="${DB}_restore_check"
    dropdb --if-exists --maintenance-db="$SERVER/postgres" "$SCRATCH"
    createdb --maintenance-db="$SERVER/postgres" "$SCRATCH"
    pg_restore --no-owner --exit-on-error -d "$SERVER/$SCRATCH" "$DUMP"
    counts_pg "$DATABASE_URL" > "$BACKUP_DIR/counts-original.txt"
    counts_pg "$SERVER/$SCRATCH" > "$BACKUP_DIR/counts-restored.txt"
    dropdb --maintenance-db="$SERVER/postgres" "$SCRATCH"
    ;;
  sqlite://*)
    FILE=${DATABASE_URL#sqlite://}
    DUMP="$BACKUP_DIR/db-$STAMP.sqlite3"
    sqlite3 "$FILE" ".backup '$DUMP'"
    [ "$(sqlite3 "$DUMP" 'PRAGMA integrity_check')" = "ok" ]
    counts_sqlite "$FILE" > "$BACKUP_DIR/counts-original.txt"
    counts_sqlite "$DUMP" > "$BACKUP_DIR/counts-restored.txt"
    ;;
  *) echo "Unsupported DATABASE_URL: $DATABASE_URL" >&2; exit 2 ;;
esac

if [ -d "$MEDIA_ROOT" ]; then
  tar -C "$MEDIA_ROOT" -czf "$BACKUP_DIR/media-$STAMP.tar.gz" .
  tar -tzf "$BACKUP_DIR/media-$STAMP.tar.gz" > /dev/null
fi
if ! diff -u "$BACKUP_DIR/counts-original.txt" "$BACKUP_DIR/counts-restored.txt"; then
  echo "BACKUP CHECK FAILED: row counts differ after restore" >&2; exit 1
fi
TABLES=$(wc -l < "$BACKUP_DIR/counts-original.txt")
[ "$TABLES" -gt 0 ] || { echo "BACKUP CHECK FAILED: the database has no tables" >&2; exit 1; }
ROWS=$(awk -F'|' '{s += $2} END {print s}' "$BACKUP_DIR/counts-original.txt")
echo "backup verified: $DUMP ($(du -h "$DUMP" | cut -f1)), $TABLES tables, $ROWS rows restored identically"
