#!/usr/bin/env bash
# A second Docker daemon on this machine for the tests of remote daemons: tcp on 127.0.0.1 with
# TLS client-certificate authentication, beside (and independent of) the main engine.
#
#   tls-dockerd.sh start    make certificates (once), the bridge, start dockerd; waits until it
#                           answers. Does nothing when it already answers.
#   tls-dockerd.sh stop     stop the daemon (and its containers), remove the bridge; keeps the
#                           certificates and the image store, so the next start is quick
#   tls-dockerd.sh clean    stop, then delete everything this script made
#   tls-dockerd.sh status   exit 0 when the daemon answers over TLS
#   tls-dockerd.sh env      print DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH for the CLI
#
# Environment: SLIMLINE_TLS_DOCKERD_DIR (default /tmp/slimline-tls-dockerd),
# SLIMLINE_TLS_DOCKERD_PORT (default 23760). Needs root, dockerd and openssl.
#
# Layout of the state directory:
#   client/            ca.pem, cert.pem, key.pem: a client the daemon accepts (DOCKER_CERT_PATH)
#   client-other-ca/   ca.pem (the daemon's CA) with a client certificate from another CA
#   pki/               the CAs and the daemon's certificate (127.0.0.1 and localhost)
#   data/ exec/        the daemon's --data-root and --exec-root; dockerd.log, dockerd.pid
#
# Isolation from the main engine: its own data, exec root, pid file, config file and bridge
# (slimtls0, 10.213.77.1/24). --iptables=false because a second dockerd managing iptables would
# flush the main engine's DOCKER chains; published ports still work on 127.0.0.1 through
# docker-proxy (the userland proxy), which needs no iptables rules.
set -euo pipefail

DIR=${SLIMLINE_TLS_DOCKERD_DIR:-/tmp/slimline-tls-dockerd}
PORT=${SLIMLINE_TLS_DOCKERD_PORT:-23760}
BRIDGE=slimtls0
BRIDGE_ADDR=10.213.77.1/24

log() { printf '[tls-dockerd] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

answers() {
	[ -f "$DIR/client/cert.pem" ] || return 1
	DOCKER_HOST=tcp://127.0.0.1:$PORT DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=$DIR/client \
		timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1
}

make_certs() {
	[ -f "$DIR/client/key.pem" ] && [ -f "$DIR/client-other-ca/key.pem" ] && return 0
	command -v openssl >/dev/null || die "openssl is missing (apt-get install openssl)"
	log "making test certificates in $DIR/pki"
	local pki=$DIR/pki
	rm -rf "$pki" "$DIR/client" "$DIR/client-other-ca"
	mkdir -p "$pki" "$DIR/client" "$DIR/client-other-ca"
	chmod 700 "$pki"

	for ca in ca other-ca; do
		openssl req -x509 -new -newkey rsa:2048 -nodes -sha256 -days 3650 \
			-subj "/CN=slimline test $ca" -keyout "$pki/$ca-key.pem" -out "$pki/$ca.pem" 2>/dev/null
	done

	# issue <name> <ca> <subject> <extensions>
	issue() {
		openssl req -new -newkey rsa:2048 -nodes -sha256 -subj "$3" \
			-keyout "$pki/$1-key.pem" -out "$pki/$1.csr" 2>/dev/null
		printf '%s\n' "$4" >"$pki/$1.ext"
		openssl x509 -req -in "$pki/$1.csr" -CA "$pki/$2.pem" -CAkey "$pki/$2-key.pem" \
			-CAcreateserial -days 3650 -sha256 -extfile "$pki/$1.ext" -out "$pki/$1-cert.pem" 2>/dev/null
		rm -f "$pki/$1.csr" "$pki/$1.ext"
	}
	issue server ca "/CN=localhost" \
		"subjectAltName=IP:127.0.0.1,DNS:localhost
extendedKeyUsage=serverAuth
keyUsage=critical,digitalSignature,keyEncipherment"
	issue client ca "/CN=slimline test client" \
		"extendedKeyUsage=clientAuth
keyUsage=critical,digitalSignature,keyEncipherment"
	issue stranger other-ca "/CN=slimline test stranger" \
		"extendedKeyUsage=clientAuth
keyUsage=critical,digitalSignature,keyEncipherment"

	cp "$pki/ca.pem" "$DIR/client/ca.pem"
	cp "$pki/client-cert.pem" "$DIR/client/cert.pem"
	cp "$pki/client-key.pem" "$DIR/client/key.pem"
	cp "$pki/ca.pem" "$DIR/client-other-ca/ca.pem"
	cp "$pki/stranger-cert.pem" "$DIR/client-other-ca/cert.pem"
	cp "$pki/stranger-key.pem" "$DIR/client-other-ca/key.pem"
	chmod 600 "$DIR"/client*/key.pem "$pki"/*-key.pem
}

make_bridge() {
	if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
		ip link add name "$BRIDGE" type bridge
	fi
	if ! ip -4 addr show dev "$BRIDGE" | grep -q "inet ${BRIDGE_ADDR%/*}/"; then
		ip addr add "$BRIDGE_ADDR" dev "$BRIDGE"
	fi
	ip link set "$BRIDGE" up
}

running_pid() {
	local pid
	pid=$(cat "$DIR/dockerd.pid" 2>/dev/null) || return 1
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q dockerd "/proc/$pid/cmdline" 2>/dev/null || return 1
	echo "$pid"
}

start() {
	if answers; then
		log "already answering on tcp://127.0.0.1:$PORT"
		return 0
	fi
	[ "$(id -u)" = 0 ] || die "starting dockerd needs root"
	command -v dockerd >/dev/null || die "dockerd is missing (apt-get install docker.io)"
	if pid=$(running_pid); then
		log "dockerd $pid is running but not answering; stopping it first"
		stop
	fi
	make_certs
	make_bridge
	mkdir -p "$DIR/data" "$DIR/exec"
	[ -f "$DIR/daemon.json" ] || echo '{}' >"$DIR/daemon.json"

	log "starting dockerd on tcp://127.0.0.1:$PORT (log: $DIR/dockerd.log)"
	setsid dockerd \
		--config-file "$DIR/daemon.json" \
		--data-root "$DIR/data" \
		--exec-root "$DIR/exec" \
		--pidfile "$DIR/dockerd.pid" \
		--host "tcp://127.0.0.1:$PORT" \
		--tlsverify \
		--tlscacert "$DIR/pki/ca.pem" \
		--tlscert "$DIR/pki/server-cert.pem" \
		--tlskey "$DIR/pki/server-key.pem" \
		--bridge "$BRIDGE" \
		--iptables=false \
		--ip-masq=false \
		--ip-forward=false \
		--userland-proxy=true \
		>"$DIR/dockerd.log" 2>&1 </dev/null &

	for _ in $(seq 1 60); do
		if answers; then
			log "answering on tcp://127.0.0.1:$PORT"
			return 0
		fi
		sleep 1
	done
	tail -n 30 "$DIR/dockerd.log" >&2 || true
	die "dockerd did not answer within 60 s"
}

stop() {
	local pid
	if pid=$(running_pid); then
		log "stopping dockerd $pid"
		kill -TERM "$pid"
		for _ in $(seq 1 40); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.5
		done
		if kill -0 "$pid" 2>/dev/null; then
			log "dockerd $pid did not stop within 20 s; killing it"
			kill -KILL "$pid" || true
		fi
	fi
	rm -f "$DIR/dockerd.pid"
	if ip link show "$BRIDGE" >/dev/null 2>&1; then
		ip link delete "$BRIDGE" type bridge || log "could not remove bridge $BRIDGE"
	fi
}

clean() {
	stop
	if [ -d "$DIR" ]; then
		# never follow a mount the daemon left behind into another file system
		if grep -q " $DIR/" /proc/self/mountinfo; then
			die "mounts under $DIR remain (see /proc/self/mountinfo); not deleting"
		fi
		rm -rf --one-file-system "$DIR"
		log "removed $DIR"
	fi
}

case "${1:-}" in
start) start ;;
stop) stop ;;
clean) clean ;;
status) answers ;;
env) printf 'DOCKER_HOST=tcp://127.0.0.1:%s\nDOCKER_TLS_VERIFY=1\nDOCKER_CERT_PATH=%s/client\n' "$PORT" "$DIR" ;;
*) die "usage: $0 start|stop|clean|status|env" ;;
esac
