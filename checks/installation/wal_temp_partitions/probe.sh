#!/bin/sh
# Which filesystem (device number) holds PGDATA, pg_wal (often a symlink) and each tablespace.
if [ -z "${PGDATA:-}" ] || [ ! -d "$PGDATA" ]; then echo "pgdata=missing"; exit 0; fi
echo "pgdata=present"
if ! command -v stat >/dev/null 2>&1; then echo "stat=missing"; exit 0; fi
echo "data_dev=$(stat -L -c '%d' "$PGDATA" 2>/dev/null)"
echo "wal_dev=$(stat -L -c '%d' "$PGDATA/pg_wal" 2>/dev/null)"
other=0
if [ -d "$PGDATA/pg_tblspc" ] && [ -r "$PGDATA/pg_tblspc" ]; then
  data_dev=$(stat -L -c '%d' "$PGDATA" 2>/dev/null)
  for t in "$PGDATA"/pg_tblspc/*; do
    [ -e "$t" ] || continue
    if [ "$(stat -L -c '%d' "$t" 2>/dev/null)" != "$data_dev" ]; then other=$((other + 1)); fi
  done
fi
echo "tablespaces_elsewhere=$other"
exit 0
