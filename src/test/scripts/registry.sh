#!/usr/bin/env bash
# A private container registry on 127.0.0.1 for the push and pull tests: Debian's docker-registry
# (the CNCF distribution registry) with htpasswd basic authentication, plain HTTP (every dockerd
# trusts registries on 127.0.0.0/8 without TLS).
#
#   registry.sh start    make the configuration and a password (once), start the registry; waits
#                        until it answers. Does nothing when it already answers.
#   registry.sh stop     stop it; keeps the configuration and the stored images
#   registry.sh clean    stop, then delete everything this script made
#   registry.sh status   exit 0 when it answers (401 without credentials counts)
#   registry.sh env      print SLIMLINE_TEST_REGISTRY, _USER and _PASSWORD_FILE
#
# Environment: SLIMLINE_TEST_REGISTRY_DIR (default /tmp/slimline-test-registry),
# SLIMLINE_TEST_REGISTRY_PORT (default 25000). Needs docker-registry and apache2-utils (htpasswd).
#
# Layout: config.yml, htpasswd, user, password (mode 600), data/ (the stored images),
# registry.log, registry.pid.
set -euo pipefail

DIR=${SLIMLINE_TEST_REGISTRY_DIR:-/tmp/slimline-test-registry}
PORT=${SLIMLINE_TEST_REGISTRY_PORT:-25000}
USER_NAME=slimline-test

log() { printf '[registry] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

registry_binary() {
	command -v docker-registry 2>/dev/null || command -v registry 2>/dev/null ||
		die "docker-registry is missing (apt-get install docker-registry)"
}

answers() {
	local code
	code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$PORT/v2/" 2>/dev/null) || return 1
	[ "$code" = 401 ] || [ "$code" = 200 ]
}

configure() {
	mkdir -p "$DIR/data"
	chmod 700 "$DIR"
	if [ ! -f "$DIR/password" ]; then
		command -v htpasswd >/dev/null || die "htpasswd is missing (apt-get install apache2-utils)"
		log "making a password for $USER_NAME"
		(umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$DIR/password")
		printf '%s\n' "$USER_NAME" >"$DIR/user"
		htpasswd -Bbn "$USER_NAME" "$(cat "$DIR/password")" >"$DIR/htpasswd"
	fi
	cat >"$DIR/config.yml" <<CONFIG
version: 0.1
log:
  level: info
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $DIR/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$PORT
  secret: $(head -c 24 /dev/urandom | base64 | tr -d '/+=')
auth:
  htpasswd:
    realm: slimline-test-registry
    path: $DIR/htpasswd
CONFIG
	chmod 600 "$DIR/config.yml"
}

running_pid() {
	local pid
	pid=$(cat "$DIR/registry.pid" 2>/dev/null) || return 1
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
	echo "$pid"
}

start() {
	if answers; then
		log "already answering on 127.0.0.1:$PORT"
		return 0
	fi
	local binary
	binary=$(registry_binary)
	if running_pid >/dev/null; then
		stop
	fi
	configure
	log "starting $binary on 127.0.0.1:$PORT (log: $DIR/registry.log)"
	setsid "$binary" serve "$DIR/config.yml" >"$DIR/registry.log" 2>&1 </dev/null &
	echo $! >"$DIR/registry.pid"
	for _ in $(seq 1 30); do
		if answers; then
			log "answering on 127.0.0.1:$PORT"
			return 0
		fi
		sleep 0.5
	done
	tail -n 20 "$DIR/registry.log" >&2 || true
	die "the registry did not answer within 15 s"
}

stop() {
	local pid
	if pid=$(running_pid); then
		log "stopping registry $pid"
		kill -TERM "$pid"
		for _ in $(seq 1 20); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.5
		done
		kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
	fi
	rm -f "$DIR/registry.pid"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
clean)
	stop
	rm -rf --one-file-system "$DIR"
	log "removed $DIR"
	;;
status) answers ;;
env)
	printf 'SLIMLINE_TEST_REGISTRY=127.0.0.1:%s\nSLIMLINE_TEST_REGISTRY_USER=%s\nSLIMLINE_TEST_REGISTRY_PASSWORD_FILE=%s/password\n' \
		"$PORT" "$USER_NAME" "$DIR"
	;;
*) die "usage: $0 start|stop|clean|status|env" ;;
esac
