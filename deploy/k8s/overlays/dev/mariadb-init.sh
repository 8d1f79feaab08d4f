# Sourced by the MariaDB image's entrypoint on the first start of an empty
# data directory (docker_process_sql is the entrypoint's): one database and
# one user per service, each user's password from the mariadb-users Secret.
# The services run their own migrations at start, so each user may change
# its own schema (issue 15 asks for a DDL account used only by a
# --migrate_only run; the binaries have no such flag yet).
for schema in member_svc card_svc merchant_svc assessment_svc gateway; do
  password=$(cat "/run/secrets/mariadb-users/$schema")
  docker_process_sql <<SQL
CREATE DATABASE IF NOT EXISTS \`$schema\` CHARACTER SET utf8mb4;
CREATE USER IF NOT EXISTS '$schema'@'%' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON \`$schema\`.* TO '$schema'@'%';
SQL
done
