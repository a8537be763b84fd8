#!/usr/bin/env bash
# Wall time of whole slim jobs against a Slimline service already running on this machine: each
# job is submitted, polled until it ends, and timed from submission to its end; the phases' own
# durations come from its report.json. The figure to beat is DockerSlim's 17.1 s for the node
# sample image on this machine.
#
#   bench/pipeline/run.sh [base-url] [image] [runs]
#     base-url  default http://127.0.0.1:8080
#     image     default the newest slimline-test/node-app tag the engine has (the tests build it)
#     runs      default 3
#   TOKEN=...   sent as a bearer token when the service requires one
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

echo "image: $image ($(docker image inspect --format '{{.Size}}' "$image") bytes), $runs run(s)"
for run in $(seq 1 "$runs"); do
  tag="slimline-bench/node-app.slim:run$run-$$"
  start=$(date +%s.%N)
  job=$(curl -fsS "${auth[@]}" -X POST -H 'Content-Type: application/json' \
    -d '{"image":"'"$image"'","pull":"NEVER","targetTag":"'"$tag"'"}' "$base/api/v1/jobs")
  id=$(printf '%s' "$job" | field id)
  while :; do
    view=$(curl -fsS "${auth[@]}" "$base/api/v1/jobs/$id")
    status=$(printf '%s' "$view" | field status)
    case "$status" in SUCCEEDED|FAILED|CANCELED) break ;; esac
    sleep 0.1
  done
  end=$(date +%s.%N)
  wall=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
  slim=$(printf '%s' "$view" | field slimSizeBytes)
  phases=$(curl -fsS "${auth[@]}" "$base/api/v1/jobs/$id/artifacts/report.json" \
    | tr -d '\n ' | sed -n 's/.*"phaseMillis":{\([^}]*\)}.*/\1/p')
  printf 'run %d: %s in %.1f s wall, slim image %s bytes; phases (ms): %s\n' "$run" "$status" "$wall" "$slim" "$phases"
  docker rmi -f "$tag" >/dev/null 2>&1 || true
done
