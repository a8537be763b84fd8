#!/usr/bin/env bash
# Wall time of whole slim jobs against a Slimline service already running on this machine: each
# job is submitted, polled until it ends, and timed from just before its submission to the end the
# service records (finishedAt; same machine, same clock), so neither the polling interval nor the
# polling's own CPU (a curl process per poll, on the cores the job needs) counts; the phases' own
# durations come from its report.json. Before each job, in the same run, the floor any slimmer
# has is measured: one `docker export` of a container of the image, plus the application's
# start-up until it answers GET / on its first exposed port (started natively). The ratio of the
# job's wall time to that floor is printed beside it; the goal is at most 1.5.
#
#   bench/pipeline/run.sh [base-url] [image] [runs]
#     base-url  default http://127.0.0.1:8080
#     image     default the newest slimline-test/node-app tag the engine has (the tests build it)
#     runs      default 3
#   TOKEN=...   sent as a bearer token when the service requires one
#   POLL=...    seconds between polls, default 1
set -euo pipefail

base=${1:-http://127.0.0.1:8080}
image=${2:-$(docker images --format '{{.Repository}}:{{.Tag}}' slimline-test/node-app | head -n 1)}
runs=${3:-3}

case "$base" in
  http://127.0.0.1:*|http://localhost:*|http://\[::1\]:*) ;;
  *) echo "run.sh: only a service on this machine (127.0.0.1, localhost, [::1]) may be benchmarked" >&2; exit 2 ;;
esac
if [ -z "$image" ]; then
  echo "run.sh: no image given and no slimline-test/node-app on the engine (run the tests once)" >&2
  exit 2
fi

auth=()
if [ -n "${TOKEN:-}" ]; then
  auth=(-H "Authorization: Bearer $TOKEN")
fi

field() { sed -n "s/.*\"$1\":\"\\{0,1\\}\\([^\",}]*\\).*/\\1/p" | head -n 1; }

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
port=$(docker image inspect --format '{{range $p, $_ := .Config.ExposedPorts}}{{$p}} {{end}}' "$image" | cut -d/ -f1)

# One export of a never-started container of the image, read to its end, in seconds.
export_seconds() {
  local id start
  id=$(docker create --label slimline.bench=pipeline "$image")
  start=$(now)
  docker export "$id" > /dev/null
  elapsed "$start" "$(now)"
  docker rm "$id" > /dev/null
}

# The application started natively until it answers GET / on its first exposed port, in seconds.
startup_seconds() {
  local id start url
  start=$(now)
  id=$(docker run -d --label slimline.bench=pipeline -p "127.0.0.1::$port" "$image")
  url="http://$(docker port "$id" "$port/tcp" | head -n 1)/"
  until curl -fsS -o /dev/null "$url" 2> /dev/null; do sleep 0.05; done
  elapsed "$start" "$(now)"
  docker rm -f "$id" > /dev/null
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "image: $image ($(docker image inspect --format '{{.Size}}' "$image") bytes), $runs run(s)"
walls=()
ratios=()
for run in $(seq 1 "$runs"); do
  exported=$(export_seconds)
  started=$(startup_seconds)
  tag="slimline-bench/node-app.slim:run$run-$$"
  start=$(date +%s.%N)
  job=$(curl -fsS "${auth[@]}" -X POST -H 'Content-Type: application/json' \
    -d '{"image":"'"$image"'","pull":"NEVER","targetTag":"'"$tag"'"}' "$base/api/v1/jobs")
  id=$(printf '%s' "$job" | field id)
  while :; do
    view=$(curl -fsS "${auth[@]}" "$base/api/v1/jobs/$id")
    status=$(printf '%s' "$view" | field status)
    case "$status" in SUCCEEDED|FAILED|CANCELED) break ;; esac
    sleep "${POLL:-1}"
  done
  end=$(date -d "$(printf '%s' "$view" | field finishedAt)" +%s.%N)
  wall=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
  slim=$(printf '%s' "$view" | field slimSizeBytes)
  phases=$(curl -fsS "${auth[@]}" "$base/api/v1/jobs/$id/artifacts/report.json" \
    | tr -d '\n ' | sed -n 's/.*"phaseMillis":{\([^}]*\)}.*/\1/p')
  floor=$(awk -v a="$exported" -v b="$started" 'BEGIN { print a + b }')
  ratio=$(awk -v w="$wall" -v f="$floor" 'BEGIN { print w / f }')
  walls+=("$wall")
  ratios+=("$ratio")
  printf 'run %d: %s in %.1f s wall = %.2f x (export %.1f s + start-up %.1f s), slim image %s bytes; phases (ms): %s\n' \
    "$run" "$status" "$wall" "$ratio" "$exported" "$started" "$slim" "$phases"
  docker rmi -f "$tag" >/dev/null 2>&1 || true
done
printf 'median of %d: %.1f s wall, %.2f x\n' "$runs" "$(printf '%s\n' "${walls[@]}" | median)" \
  "$(printf '%s\n' "${ratios[@]}" | median)"
