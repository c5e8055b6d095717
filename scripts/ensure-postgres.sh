#!/usr/bin/env bash
# Make sure a PostgreSQL server answers on 127.0.0.1:5432 and that user "postgres" can log in
# over TCP with password "impact" (trust-authenticated servers accept any password).
# Installs the server from Debian's packages when none is present. Prints the test URL.
set -euo pipefail

URL="postgresql+psycopg://postgres:impact@127.0.0.1:5432/postgres"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

can_login() { PGPASSWORD=impact psql -h 127.0.0.1 -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1; }
answers() { pg_isready -h 127.0.0.1 -p 5432 -q >/dev/null 2>&1; }

if ! command -v pg_lsclusters >/dev/null 2>&1 && ! command -v pg_isready >/dev/null 2>&1; then
  echo "ensure-postgres: installing PostgreSQL from Debian's packages" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi

if ! answers; then
  echo "ensure-postgres: starting PostgreSQL" >&2
  if command -v pg_lsclusters >/dev/null 2>&1; then
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  fi
  for _ in $(seq 1 30); do answers && break; sleep 1; done
fi
answers || { echo "ensure-postgres: no PostgreSQL server answers on 127.0.0.1:5432" >&2; exit 1; }

if ! can_login; then
  echo "ensure-postgres: setting a password for the postgres role" >&2
  $SUDO su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'impact'\"" >/dev/null
fi
can_login || { echo "ensure-postgres: cannot log in to PostgreSQL as postgres" >&2; exit 1; }
echo "$URL"
