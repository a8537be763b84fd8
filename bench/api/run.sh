#!/usr/bin/env bash
# Read benchmark of the jobs API against a Slimline service already running on this machine:
#  1. paced: 200 readers (READERS) each polling GET /api/v1/jobs/{id} every 250 ms (PERIOD_MS),
#     as CI jobs and a portal watching jobs do (Readers.java; percentiles of what they saw);
#  2. saturation: wrk with CONNECTIONS (default 200) back-to-back connections for DURATION
#     (default 30s): the most the service answers, and the latency at that load.
#
#   bench/api/run.sh [base-url] [duration]      e.g. bench/api/run.sh http://127.0.0.1:8080 30s
#
# It submits one job to have something to read (an image the daemon lacks, never pulled, so the
# job fails at once and takes no daemon time). Traffic goes to the loopback address only.
set -euo pipefail

base=${1:-http://127.0.0.1:8080}
duration=${2:-30s}
connections=${CONNECTIONS:-200}
threads=${THREADS:-2}

case "$base" in
  http://127.0.0.1:*|http://localhost:*|http://\[::1\]:*) ;;
  *) echo "run.sh: only a service on this machine (127.0.0.1, localhost, [::1]) may be benchmarked" >&2; exit 2 ;;
esac

if ! command -v wrk >/dev/null 2>&1; then
  echo "run.sh: installing wrk from Debian's packages" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

job=$(curl -fsS -X POST -H 'Content-Type: application/json' \
  -d '{"image":"slimline-bench/absent:1","pull":"NEVER"}' "$base/api/v1/jobs")
id=$(printf '%s' "$job" | sed -n 's/^{"id":"\([^"]*\)".*/\1/p')
if [ -z "$id" ]; then
  echo "run.sh: could not submit a job: $job" >&2
  exit 1
fi
url="$base/api/v1/jobs/$id"
curl -fsS -o /dev/null "$url"

seconds=${duration%s}
echo "== paced: ${READERS:-200} readers, one GET every ${PERIOD_MS:-250} ms each, ${seconds} s"
java "$(dirname "$0")/Readers.java" "$url" "${READERS:-200}" "${PERIOD_MS:-250}" "$seconds"
echo "== saturation: GET $url with $connections connections on $threads threads for $duration"
wrk -t"$threads" -c"$connections" -d"$duration" --latency "$url"
