#!/bin/sh
# Enabled state of PostgreSQL unit files (name state per line joined with ';').
if ! command -v systemctl >/dev/null 2>&1; then echo "systemd=missing"; exit 0; fi
if [ ! -d /run/systemd/system ]; then echo "systemd=not_running"; exit 0; fi
echo "systemd=present"
units=$(systemctl list-unit-files --no-legend --no-pager 'postgresql*' 2>/dev/null | awk '{print $1" "$2}' | tr '\n' ';')
echo "units=$units"
exit 0
