#!/usr/bin/env bash
# Throughput of tiny-app jobs, in jobs per minute, with one replica and with two replicas sharing
# one PostgreSQL schema and one daemon (the local engine) of capacity 4: the daemon's capacity is
# counted in the database, so two replicas run at most as many jobs at once as one; what the
# second adds is a second executor and API, not a second daemon.
#
#   bench/replicas/run.sh [jobs]
#     jobs     per configuration, default 20
#   JAR=...    the service jar (default target/slimline-*.jar; run mvn -DskipTests package first)
#   PGURL=...  the PostgreSQL database (default jdbc:postgresql://127.0.0.1:5432/slimline, user
#              postgres, trust auth, as the tests use); each run gets a schema of its own, dropped
#              at the end
#
# Each replica runs 4 jobs at once (slimline.executor.concurrency). Jobs are submitted alternately
# to the replicas; the figure is jobs / (time from the first submission to the last job's end).
# Services listen on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/../.."

jobs=${1:-20}
jar=${JAR:-$(ls target/slimline-*.jar 2>/dev/null | grep -v -e sources -e original | head -n 1)}
pgurl=${PGURL:-jdbc:postgresql://127.0.0.1:5432/slimline}
image=$(docker images --format '{{.Repository}}:{{.Tag}}' slimline-test/tiny-app | head -n 1)
[ -n "$jar" ] || { echo "run.sh: no service jar; run mvn -B -DskipTests package" >&2; exit 2; }
jar=$(realpath "$jar")
[ -n "$image" ] || { echo "run.sh: no slimline-test/tiny-app on the engine (run the tests once)" >&2; exit 2; }
command -v psql >/dev/null || { echo "run.sh: psql is needed to drop the schemas (apt-get install postgresql-client)" >&2; exit 2; }

work=$(mktemp -d /tmp/slimline-bench-replicas.XXXXXX)
pids=()
schemas=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for schema in "${schemas[@]}"; do psql -q -h 127.0.0.1 -U postgres -d slimline -c "DROP SCHEMA IF EXISTS $schema CASCADE" || true; done
  docker images --format '{{.Repository}}:{{.Tag}}' slimline-bench/replicas | xargs -r docker rmi -f >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

field() { sed -n "s/.*\"$1\":\"\\{0,1\\}\\([^\",}]*\\).*/\\1/p" | head -n 1; }

# start <schema> <name> <port>: one replica in an empty directory of its own
start() {
  mkdir -p "$work/$2"
  (cd "$work/$2" && exec java -Xmx512m -jar "$jar" --server.port="$3" --server.address=127.0.0.1 \
    --spring.datasource.url="$pgurl?currentSchema=$1" --spring.datasource.username=postgres \
    --spring.datasource.password= --spring.flyway.schemas="$1" --spring.flyway.default-schema="$1" \
    --slimline.secrets.key="$(openssl rand -base64 32)" --slimline.executor.instance-id="$2" \
    --slimline.executor.concurrency=4 --slimline.docker.hosts[0].name=local \
    --slimline.docker.hosts[0].uri="${DOCKER_HOST:-unix:///var/run/docker.sock}" \
    --slimline.docker.hosts[0].capacity=4 >"$work/$2.log" 2>&1) &
  pids+=($!)
  for _ in $(seq 1 1200); do
    curl -fsS "http://127.0.0.1:$3/api/v1/jobs?size=1" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "run.sh: replica $2 did not start; see $work/$2.log" >&2
  tail -n 20 "$work/$2.log" >&2
  exit 1
}

# measure <label> <port>...: submit the jobs round-robin, wait for all, print jobs per minute
measure() {
  local label=$1; shift
  local ports=("$@") ids=() n=0 failed=0
  local begin; begin=$(date +%s.%N)
  for i in $(seq 1 "$jobs"); do
    local port=${ports[$(( i % ${#ports[@]} ))]}
    local job; job=$(curl -fsS -X POST -H 'Content-Type: application/json' -d '{"image":"'"$image"'",'\
'"pull":"NEVER","targetTag":"slimline-bench/replicas:'"${label// /-}-$i"'"}' "http://127.0.0.1:$port/api/v1/jobs")
    ids+=("$(printf '%s' "$job" | field id)")
  done
  for id in "${ids[@]}"; do
    while :; do
      local status; status=$(curl -fsS "http://127.0.0.1:${ports[0]}/api/v1/jobs/$id" | field status)
      case "$status" in SUCCEEDED) break ;; FAILED|CANCELED) failed=$((failed + 1)); break ;; esac
      sleep 0.5
    done
    n=$((n + 1))
  done
  local end; end=$(date +%s.%N)
  awk -v l="$label" -v n="$jobs" -v f="$failed" -v a="$begin" -v b="$end" \
    'BEGIN { printf "%s: %d jobs (%d failed) in %.1f s: %.1f jobs/min\n", l, n, f, b - a, n * 60 / (b - a) }'
}

echo "image: $image; $jobs jobs per configuration; daemon capacity 4 (local engine)"
run=$$
one="bench_one_$run"; schemas+=("$one")
start "$one" bench-one 18091
measure "one replica" 18091
kill "${pids[@]}"; wait 2>/dev/null || true; pids=()

two="bench_two_$run"; schemas+=("$two")
start "$two" bench-a 18092
start "$two" bench-b 18093
measure "two replicas" 18092 18093
