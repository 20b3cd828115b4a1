#!/bin/sh
# Mode and owner of pg_hba.conf; the validator compares them with the data directory owner.
file="${PG_HBA_FILE:-}"
if [ -z "$file" ] && [ -n "${PGDATA:-}" ]; then file="$PGDATA/pg_hba.conf"; fi
if [ -z "$file" ] || [ ! -e "$file" ]; then echo "hba=missing"; exit 0; fi
echo "hba=present"
if ! command -v stat >/dev/null 2>&1; then echo "stat=missing"; exit 0; fi
echo "mode=$(stat -L -c '%a' "$file" 2>/dev/null)"
echo "owner=$(stat -L -c '%U' "$file" 2>/dev/null)"
if [ -n "${PGDATA:-}" ] && [ -d "$PGDATA" ]; then echo "data_owner=$(stat -c '%U' "$PGDATA" 2>/dev/null)"; fi
exit 0
