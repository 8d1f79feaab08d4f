#!/usr/bin/env bash
# Backs up unioncard's five schemas in ONE consistent snapshot while the
# services keep running: mariadb-dump --single-transaction over all of them
# at once, so a consumer's feed cursor never points past the events of the
# producer it follows. Writes OUT (gzip SQL), OUT.sha256 and prints the
# recovery point (at or just before the snapshot). Users and grants are not in it
# (they belong to the server: mariadb-init.sh, or the DBA).
#
#   deploy/local/backup.sh OUT.sql.gz [mariadb-dump connection options...]
#   deploy/local/backup.sh /backups/uc-$(date +%F).sql.gz --socket=.local/mariadb/mysqld.sock -uroot
#
# UNIONCARD_SCHEMAS overrides the schema list (default: member_svc card_svc
# merchant_svc assessment_svc gateway). Restore with restore.sh.
set -euo pipefail
out=${1:?usage: backup.sh OUT.sql.gz [mariadb-dump connection options...]}
shift
read -r -a schemas <<<"${UNIONCARD_SCHEMAS:-member_svc card_svc merchant_svc assessment_svc gateway}"
dump=$(command -v mariadb-dump || command -v mysqldump) ||
  { echo "backup.sh: mariadb-dump missing (Debian: mariadb-client)" >&2; exit 1; }

# The dump holds password hashes, sessions and sealed personal data: owner
# only, and no half-written file left behind.
umask 077
trap 'rm -f "$out.partial"' EXIT
# At or just before the snapshot (taken as mariadb-dump connects).
started=$(date -u +%FT%T.%3NZ)
# --single-transaction: one InnoDB snapshot for every table of every schema,
# without locking writers; --quick streams rows; --hex-blob keeps encrypted
# personal data byte for byte.
"$dump" "$@" --single-transaction --quick --hex-blob --routines --triggers \
  --default-character-set=utf8mb4 --databases "${schemas[@]}" |
  gzip -6 >"$out.partial"
mv "$out.partial" "$out"
(cd "$(dirname "$out")" && sha256sum "$(basename "$out")") >"$out.sha256"
echo "backup $out: ${schemas[*]}; $(du -h "$out" | cut -f1); recovery point $started"
