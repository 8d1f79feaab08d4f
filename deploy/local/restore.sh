#!/usr/bin/env bash
# Restores a backup made by backup.sh into a MariaDB/MySQL server: checks the
# checksum, refuses to write over schemas that hold tables (set
# UNIONCARD_RESTORE_OVERWRITE=1 to drop and replace them on purpose), loads it, and
# prints the rows per schema. Create the service accounts first (users and
# grants are not in a backup), then start the services with
# --migrations=verify: they refuse a schema that does not match their code.
#
#   deploy/local/restore.sh BACKUP.sql.gz [mariadb connection options...]
set -euo pipefail
backup=${1:?usage: restore.sh BACKUP.sql.gz [mariadb connection options...]}
shift
client=$(command -v mariadb || command -v mysql) ||
  { echo "restore.sh: mariadb client missing (Debian: mariadb-client)" >&2; exit 1; }
[ -f "$backup" ] || { echo "restore.sh: $backup does not exist" >&2; exit 1; }
if [ -f "$backup.sha256" ]; then
  (cd "$(dirname "$backup")" && sha256sum --quiet -c "$(basename "$backup").sha256") ||
    { echo "restore.sh: $backup does not match its checksum; not restored" >&2; exit 1; }
else
  echo "restore.sh: no $backup.sha256; restoring unchecked" >&2
fi
# The schemas the backup creates.
schemas=$(gzip -dc "$backup" | sed -n 's/^CREATE DATABASE .*`\([A-Za-z0-9_]*\)`.*/\1/p' | tr '\n' ' ')
[ -n "$schemas" ] || { echo "restore.sh: $backup holds no schema" >&2; exit 1; }
in_list=$(for s in $schemas; do printf "'%s'," "$s"; done)
in_list=${in_list%,}
tables=$("$client" "$@" -N -e \
  "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema IN ($in_list)")
if [ "$tables" != 0 ] && [ "${UNIONCARD_RESTORE_OVERWRITE:-}" != 1 ]; then
  echo "restore.sh: the server already has $tables tables in $schemas; not restored" \
    "(UNIONCARD_RESTORE_OVERWRITE=1 replaces them)" >&2
  exit 1
fi
if [ "$tables" != 0 ]; then
  # Replace, not merge: tables a newer migration added must not survive
  # beside the backup's older ones.
  for s in $schemas; do "$client" "$@" -e "DROP DATABASE \`$s\`"; done
fi
gzip -dc "$backup" | "$client" "$@" --default-character-set=utf8mb4
for s in $schemas; do
  rows=$("$client" "$@" -N -e \
    "SELECT COALESCE(SUM(table_rows), 0) FROM information_schema.tables WHERE table_schema = '$s'")
  echo "restored $s (~$rows rows by the table statistics)"
done
