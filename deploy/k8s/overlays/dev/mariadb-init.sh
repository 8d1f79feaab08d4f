# Sourced by the MariaDB image's entrypoint on the first start of an empty
# data directory (docker_process_sql is the entrypoint's): one database per
# service and two users, passwords from the mariadb-users Secret:
# <schema>_owner owns the schema (the migrate init container runs
# --migrate_only with it); <schema> may only read and write rows (the
# service runs with --migrations=verify).
for schema in member_svc card_svc merchant_svc assessment_svc gateway; do
  password=$(cat "/run/secrets/mariadb-users/$schema")
  owner_password=$(cat "/run/secrets/mariadb-users/${schema}_owner")
  docker_process_sql <<SQL
CREATE DATABASE IF NOT EXISTS \`$schema\` CHARACTER SET utf8mb4;
CREATE USER IF NOT EXISTS '${schema}_owner'@'%' IDENTIFIED BY '$owner_password';
GRANT ALL PRIVILEGES ON \`$schema\`.* TO '${schema}_owner'@'%';
CREATE USER IF NOT EXISTS '$schema'@'%' IDENTIFIED BY '$password';
GRANT SELECT, INSERT, UPDATE, DELETE ON \`$schema\`.* TO '$schema'@'%';
SQL
done
