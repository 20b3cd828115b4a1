#!/bin/sh
# Files initdb creates; PG_VERSION must name the running major version.
if [ -z "${PGDATA:-}" ] || [ ! -d "$PGDATA" ]; then echo "pgdata=missing"; exit 0; fi
echo "pgdata=present"
if [ -r "$PGDATA/PG_VERSION" ]; then
  echo "pgdata_version=$(head -n 1 "$PGDATA/PG_VERSION")"
else
  echo "pgdata_version=unreadable"
fi
[ -f "$PGDATA/global/pg_control" ] && echo "pg_control=present" || echo "pg_control=missing"
[ -d "$PGDATA/base" ] && echo "base=present" || echo "base=missing"
echo "server_major=$(echo "${PG_VERSION:-}" | sed 's/^\([0-9]*\).*/\1/')"
exit 0
