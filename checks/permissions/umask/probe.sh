#!/bin/sh
# The postmaster's umask (Linux 4.7+ shows it in /proc/<pid>/status) and this shell's.
echo "shell_umask=$(umask)"
pid=""
if [ -n "${PGDATA:-}" ] && [ -r "$PGDATA/postmaster.pid" ]; then pid=$(head -n 1 "$PGDATA/postmaster.pid"); fi
case "$pid" in
  ''|*[!0-9]*) echo "postmaster_umask=" ;;
  *) echo "postmaster_umask=$(sed -n 's/^Umask:[[:space:]]*//p' "/proc/$pid/status" 2>/dev/null)" ;;
esac
exit 0
