#!/usr/bin/env bash
# Makes a private certificate authority and one certificate per name, for
# mutual TLS on loopback (the partner-bank link in tests and local runs).
# Never commit the output; run it at set-up.
#
#   make-certs.sh DIR NAME...     e.g. make-certs.sh .local/certs card-svc bank-sim
#
# DIR/ca.crt, DIR/ca.key, and DIR/NAME.crt + DIR/NAME.key for each NAME,
# valid for localhost and 127.0.0.1, usable as server and as client. An
# existing CA in DIR is reused, so names can be added later.
set -euo pipefail
dir=${1:?usage: make-certs.sh DIR NAME...}
shift
mkdir -p "$dir"
umask 077
if [ ! -f "$dir/ca.key" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 825 -sha256 \
    -subj "/O=unioncard/CN=unioncard local CA" \
    -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
fi
for name in "$@"; do
  cat >"$dir/$name.ext" <<EXT
basicConstraints=CA:FALSE
keyUsage=digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=DNS:localhost,DNS:$name,IP:127.0.0.1
EXT
  openssl req -newkey rsa:2048 -nodes -sha256 -subj "/O=unioncard/CN=$name" \
    -keyout "$dir/$name.key" -out "$dir/$name.csr" 2>/dev/null
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" \
    -CAcreateserial -days 825 -sha256 -extfile "$dir/$name.ext" \
    -out "$dir/$name.crt" 2>/dev/null
  rm -f "$dir/$name.csr" "$dir/$name.ext"
done
chmod 644 "$dir"/*.crt
