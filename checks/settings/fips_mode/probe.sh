#!/bin/sh
# Kernel FIPS flag and the OpenSSL version on the database host. key=value lines only.
if [ -r /proc/sys/crypto/fips_enabled ]; then
  echo "fips_enabled=$(cat /proc/sys/crypto/fips_enabled 2>/dev/null)"
else
  echo "fips_enabled=unknown"
fi
if command -v openssl >/dev/null 2>&1; then
  echo "openssl=$(openssl version 2>/dev/null | head -n 1)"
else
  echo "openssl=missing"
fi
exit 0
