#!/bin/bash
# Runs ccxt_client.js (an unmodified ccxt Binance client) against a fresh
# exchange-sim over TLS, told only the simulator's base URL and key pair.
# usage: ccxt_test.sh EXCHANGE_SIM PKI_DIR NODE_MODULES CLIENT_JS
set -euo pipefail
sim=$1 pki=$2 modules=$3 client=$4
work=$(mktemp -d)
"$sim" --synthetic BTCUSDT --seed 7 --speed 60 --history 2000 --port 0 \
  --tls-cert "$pki/server.pem" --tls-key "$pki/server.key" \
  --api-key ccxt-key --api-secret ccxt-secret >"$work/stdout" 2>"$work/stderr" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 200); do
  grep -q "listening on" "$work/stdout" && break
  sleep 0.1
done
port=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$work/stdout")
[ -n "$port" ] || { cat "$work/stderr"; exit 1; }
NODE_PATH="$modules" NODE_EXTRA_CA_CERTS="$pki/ca.pem" \
  node "$client" "https://127.0.0.1:$port" ccxt-key ccxt-secret
