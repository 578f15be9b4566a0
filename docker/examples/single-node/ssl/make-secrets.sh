#!/usr/bin/env bash
# Make the SSL material of this example with keytool (any JDK): a broker key pair for `localhost`, a
# client key pair, each side trusting the other's certificate, and the password files the image reads.
#   ./make-secrets.sh [DIR]      (default: ./secrets next to this script)
# Broker side (mounted at /etc/kafka/secrets): broker.keystore.p12, broker.truststore.p12,
#   keystore_creds, key_creds, truststore_creds.
# Client side: broker.pem (CA file), client.keystore.p12 (PKCS12 with the client's key), password below.
set -euo pipefail
dir="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/secrets}"
password="${SSL_EXAMPLE_PASSWORD:-example-secret}"
mkdir -p "$dir"
cd "$dir"
rm -f broker.keystore.p12 broker.truststore.p12 client.keystore.p12 broker.pem client.pem
kt() { keytool "$@" >/dev/null 2>&1 || { echo "make-secrets.sh: keytool $1 failed" >&2; keytool "$@"; exit 1; }; }
kt -genkeypair -alias broker -keyalg RSA -keysize 2048 -validity 365 -dname CN=localhost \
  -ext SAN=dns:localhost,dns:kafka -keystore broker.keystore.p12 -storetype PKCS12 -storepass "$password" -keypass "$password"
kt -exportcert -rfc -alias broker -keystore broker.keystore.p12 -storepass "$password" -file broker.pem
kt -genkeypair -alias client -keyalg RSA -keysize 2048 -validity 365 -dname CN=example-client \
  -keystore client.keystore.p12 -storetype PKCS12 -storepass "$password" -keypass "$password"
kt -exportcert -rfc -alias client -keystore client.keystore.p12 -storepass "$password" -file client.pem
kt -importcert -noprompt -alias client -file client.pem -keystore broker.truststore.p12 -storetype PKCS12 -storepass "$password"
for f in keystore_creds key_creds truststore_creds; do printf '%s\n' "$password" >"$f"; done
# The container's appuser (uid 1000) or any uid in group 0 must read them.
chmod 0644 ./*
echo "make-secrets.sh: SSL material in $dir (password: $password)"
