#!/bin/sh
# wal-g presence and configuration on the database host. Prints names only, never values.
if command -v wal-g >/dev/null 2>&1; then
  echo "walg=installed"
  echo "walg_version=$(wal-g --version 2>/dev/null | head -n 1)"
else
  echo "walg=missing"
fi
echo "walg_env=$(env | sed -n 's/^\(WALG_[A-Z0-9_]*\)=.*/\1/p' | tr '\n' ' ')"
config=missing
for f in "${HOME:-/nonexistent}/.walg.json" /etc/wal-g/config.json /etc/wal-g.d/server-s3.conf; do
  if [ -f "$f" ]; then config=present; break; fi
done
echo "walg_config=$config"
exit 0
