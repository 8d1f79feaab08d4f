#!/usr/bin/env bash
# Makes the dev overlay's demo secrets: keys and service tokens (unionctl),
# database passwords, the bank link's mutual-TLS certificates and the
# portal's self-signed certificate (openssl). Writes them as Secret objects
# to OUT/secrets.yaml (default .local/k8s-dev/, never committed) for
#   kubectl apply -f OUT/secrets.yaml && kubectl apply -k deploy/k8s/overlays/dev
# Needs build/tools/unionctl (cmake --build build --target unionctl) and
# openssl. Running it again makes new secrets (MariaDB keeps the passwords
# of its first start: delete its PVC too).
set -euo pipefail
root=$(cd "$(dirname "$0")/../../../.." && pwd)
out=${1:-$root/.local/k8s-dev}
namespace=unioncard
unionctl=${UNIONCARD_UNIONCTL:-$root/build/tools/unionctl}
[ -x "$unionctl" ] || { echo "make-secrets.sh: $unionctl is not built" >&2; exit 1; }
command -v openssl >/dev/null || { echo "make-secrets.sh: openssl missing" >&2; exit 1; }
umask 077
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out" "$work/keys" "$work/gateway-keys" "$work/tls"

"$unionctl" keys generate "$work/keys" >/dev/null
"$unionctl" keys generate "$work/gateway-keys" >/dev/null   # the gateway's own data keys
for svc in card-svc merchant-svc assessment-svc; do
  "$unionctl" token issue --signing_key="file:$work/keys/token_signing.json" \
    --role=service --subject="$svc" --org=city --org_path=/city/ \
    --ttl_minutes=43200 >"$work/$svc.token"
done
# Per schema two accounts: <schema>_owner migrates it (the init
# container), <schema> only reads and writes rows (the service).
for user in root member_svc card_svc merchant_svc assessment_svc gateway \
            member_svc_owner card_svc_owner merchant_svc_owner \
            assessment_svc_owner gateway_owner; do
  head -c 24 /dev/urandom | base64 | tr -d '/+=\n' >"$work/$user.password"
done

# A private CA; card-svc's certificate names the bank-link Service, bank-sim's
# its own Service (each side checks the other's name).
ca="$work/tls/ca"
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 365 \
  -subj "/O=unioncard dev/CN=unioncard dev CA" -keyout "$ca.key" -out "$ca.crt" 2>/dev/null
leaf() {  # name common-name dns-names...
  local name=$1 cn=$2; shift 2
  local san="" dns
  for dns in "$@"; do san="${san:+$san,}DNS:$dns"; done
  openssl req -newkey rsa:2048 -nodes -sha256 -subj "/O=unioncard dev/CN=$cn" \
    -keyout "$work/tls/$name.key" -out "$work/tls/$name.csr" 2>/dev/null
  printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\n' "$san" >"$work/tls/$name.ext"
  openssl x509 -req -in "$work/tls/$name.csr" -CA "$ca.crt" -CAkey "$ca.key" \
    -CAcreateserial -days 365 -sha256 -extfile "$work/tls/$name.ext" \
    -out "$work/tls/$name.crt" 2>/dev/null
}
leaf card-svc card-svc card-svc-bank-link "card-svc-bank-link.$namespace.svc" card-svc
leaf bank-sim bank-sim bank-sim "bank-sim.$namespace.svc"
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 365 -subj "/CN=portal.unioncard.test" \
  -addext "subjectAltName=DNS:portal.unioncard.test" \
  -keyout "$work/tls/portal.key" -out "$work/tls/portal.crt" 2>/dev/null

b64() { base64 -w0 <"$1"; }
secret() {  # name type key=file...
  local name=$1 type=$2 pair; shift 2
  printf -- '---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: %s\n  namespace: %s\ntype: %s\ndata:\n' \
    "$name" "$namespace" "$type"
  for pair in "$@"; do printf '  %s: %s\n' "${pair%%=*}" "$(b64 "${pair#*=}")"; done
}
{
  echo "# Made by deploy/k8s/overlays/dev/make-secrets.sh on $(date -u +%FT%TZ). Demo secrets: never commit."
  secret unioncard-token-verify Opaque "token_verify.json=$work/keys/token_verify.json"
  secret member-svc-data-keys Opaque "data_keys.json=$work/keys/data_keys.json"
  secret gateway-signing-key Opaque "token_signing.json=$work/keys/token_signing.json"
  secret gateway-data-keys Opaque "data_keys.json=$work/gateway-keys/data_keys.json"
  for svc in member-svc card-svc merchant-svc assessment-svc gateway; do
    secret "$svc-db" Opaque "password=$work/${svc//-/_}.password"
    secret "$svc-db-owner" Opaque "password=$work/${svc//-/_}_owner.password"
  done
  for svc in card-svc merchant-svc assessment-svc; do
    secret "$svc-service-token" Opaque "token=$work/$svc.token"
  done
  secret card-svc-bank-tls Opaque "ca.crt=$ca.crt" "tls.crt=$work/tls/card-svc.crt" \
    "tls.key=$work/tls/card-svc.key"
  secret bank-sim-tls Opaque "ca.crt=$ca.crt" "tls.crt=$work/tls/bank-sim.crt" \
    "tls.key=$work/tls/bank-sim.key"
  secret gateway-tls kubernetes.io/tls "tls.crt=$work/tls/portal.crt" "tls.key=$work/tls/portal.key"
  secret mariadb-users Opaque "root=$work/root.password" \
    "member_svc=$work/member_svc.password" "card_svc=$work/card_svc.password" \
    "merchant_svc=$work/merchant_svc.password" \
    "assessment_svc=$work/assessment_svc.password" "gateway=$work/gateway.password" \
    "member_svc_owner=$work/member_svc_owner.password" \
    "card_svc_owner=$work/card_svc_owner.password" \
    "merchant_svc_owner=$work/merchant_svc_owner.password" \
    "assessment_svc_owner=$work/assessment_svc_owner.password" \
    "gateway_owner=$work/gateway_owner.password"
} >"$out/secrets.yaml"
echo "wrote $out/secrets.yaml"
