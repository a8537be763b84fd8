#!/bin/sh
# Runs Maven in the image's build stage. When EXTRA_CA_PEM_B64 holds base64 PEM certificates
# (the CA of a TLS-inspecting proxy between the build and Maven Central), Java trusts them for
# this one run: a temporary trust store made of the JDK's own plus those, deleted on exit, so no
# layer keeps it. Without the variable it is plain `mvn "$@"`.
set -eu

if [ -z "${EXTRA_CA_PEM_B64:-}" ]; then
	exec mvn "$@"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
cp "$(readlink -f "$java_home/lib/security/cacerts")" "$work/cacerts"
chmod u+w "$work/cacerts"

printf '%s' "$EXTRA_CA_PEM_B64" | base64 -d >"$work/extra.pem"
# keytool takes one certificate per alias: split the bundle.
awk -v dir="$work" '/-----BEGIN CERTIFICATE-----/ { n++ } n { print > (dir "/extra-" n ".pem") }' "$work/extra.pem"
count=0
for cert in "$work"/extra-*.pem; do
	[ -e "$cert" ] || break
	count=$((count + 1))
	keytool -importcert -noprompt -keystore "$work/cacerts" -storepass changeit \
		-alias "build-extra-ca-$count" -file "$cert" >/dev/null
done
echo "mvn-with-extra-ca: trusting $count extra CA certificate(s) for this build step" >&2

MAVEN_OPTS="${MAVEN_OPTS:-} -Djavax.net.ssl.trustStore=$work/cacerts -Djavax.net.ssl.trustStorePassword=changeit"
export MAVEN_OPTS
mvn "$@"
