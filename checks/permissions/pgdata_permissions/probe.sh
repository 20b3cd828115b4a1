#!/bin/sh
# PGDATA mode and ownership. Prints key=value lines; validate.lua decides.
# Needs GNU or BusyBox stat. Run as the account that owns the data directory.
if [ -z "${PGDATA:-}" ]; then echo "pgdata=unset"; exit 0; fi
if [ ! -d "$PGDATA" ]; then echo "pgdata=missing"; exit 0; fi
echo "pgdata=present"
if ! command -v stat >/dev/null 2>&1; then echo "stat=missing"; exit 0; fi
echo "mode=$(stat -c '%a' "$PGDATA" 2>/dev/null)"
echo "owner=$(stat -c '%U' "$PGDATA" 2>/dev/null)"
owner_uid=$(stat -c '%u' "$PGDATA" 2>/dev/null)
echo "owner_uid=$owner_uid"
pid=$(head -n 1 "$PGDATA/postmaster.pid" 2>/dev/null)
case "$pid" in
  ''|*[!0-9]*) echo "postmaster_owner=" ;;
  *) [ -d "/proc/$pid" ] && echo "postmaster_owner=$(stat -c '%U' "/proc/$pid" 2>/dev/null)" ;;
esac
# Entries in the top two levels owned by someone else (the server never creates those).
if [ -r "$PGDATA" ] && [ -x "$PGDATA" ] && [ -n "$owner_uid" ]; then
  echo "foreign_count=$(find "$PGDATA" -maxdepth 2 ! -user "$owner_uid" 2>/dev/null | wc -l | tr -d ' ')"
  echo "foreign_sample=$(find "$PGDATA" -maxdepth 2 ! -user "$owner_uid" 2>/dev/null | head -n 3 | tr '\n' ' ')"
else
  echo "foreign_count=unreadable"
fi
exit 0
