#!/bin/sh
# CIS 2.1 is about the umask of the account that runs PostgreSQL: files it creates outside the
# server (dumps, base backups, copies of the configuration) get it. That is the login umask of
# the PGDATA owner; the postmaster's own umask (Linux 4.7+ shows it in /proc/<pid>/status) is
# set by PostgreSQL itself since version 11 (0077, or 0027 with group access), so it is only
# reported next to it. This shell's umask is the last resort when PGDATA is not known.
echo "shell_umask=$(umask)"
pid=""
if [ -n "${PGDATA:-}" ] && [ -r "$PGDATA/postmaster.pid" ]; then pid=$(head -n 1 "$PGDATA/postmaster.pid"); fi
case "$pid" in
  ''|*[!0-9]*) echo "postmaster_umask=" ;;
  *) echo "postmaster_umask=$(sed -n 's/^Umask:[[:space:]]*//p' "/proc/$pid/status" 2>/dev/null)" ;;
esac
owner=""
if [ -n "${PGDATA:-}" ] && [ -d "$PGDATA" ]; then owner=$(stat -c '%U' "$PGDATA" 2>/dev/null); fi
echo "owner=$owner"
account=""
if [ -n "$owner" ]; then
  limit=""
  command -v timeout >/dev/null 2>&1 && limit="timeout 10"
  if [ "$(id -un 2>/dev/null)" = "$owner" ]; then
    # we are the account: its login shell (profile files included)
    login_shell=$(awk -F: -v u="$owner" '$1 == u { print $7 }' /etc/passwd 2>/dev/null)
    case "$login_shell" in
      ''|*nologin|*false) login_shell=/bin/sh ;;
    esac
    account=$(cd / && $limit env -i HOME="${HOME:-/}" PATH=/usr/bin:/bin "$login_shell" -l -c umask </dev/null 2>/dev/null | tail -n 1)
  elif [ "$(id -u 2>/dev/null)" = "0" ] && command -v su >/dev/null 2>&1; then
    # root: a login session of the account, as "su - postgres" in the CIS audit procedure
    account=$(cd / && $limit su -l "$owner" -c umask </dev/null 2>/dev/null | tail -n 1)
  fi
fi
case "$account" in
  [0-7][0-7][0-7]|[0-7][0-7][0-7][0-7]) echo "account_umask=$account" ;;
  *) echo "account_umask=" ;;
esac
exit 0
