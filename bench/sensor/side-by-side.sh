#!/usr/bin/env bash
# Throughput of real servers natively and under the sensor in both filters, side by side: the
# node test app (GET /) and two file servers, each request one of 1,000 files: nginx (workers as
# www-data, no process per request) and busybox httpd (a process forked per request), under wrk. Each repetition runs native, FAST and EXACT one after the other, so load from anything else
# on the machine falls on all three alike. Prints requests/s per run, the median and the spread
# (max - min) of each, and each median as a share of native's. Not a test.
#
#   bench/sensor/side-by-side.sh [repetitions] [seconds]     (default 3 and 10)
#
# Needs: Debian's wrk, the sensor built (`mvn -q compile`), and the test images slimline-test/node-app,
# slimline-test/nginx-app and slimline-test/tiny-app (the integration tests build them); the busybox
# file server is built from src/test/docker/files-app on top of tiny-app's busybox, the nginx one
# from bench/sensor/nginx-files on top of both.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
sensor=$root/target/classes/sensor/linux-amd64/slimline-sensor
reps=${1:-3}
seconds=${2:-10}
label=slimline.bench=sensor-side-by-side

newest() { docker images --format '{{.Repository}}:{{.Tag}}' "$1" | head -n 1; }
die() { echo "side-by-side.sh: $*" >&2; exit 2; }

command -v wrk > /dev/null || die "wrk is missing (apt-get install wrk)"
[ -x "$sensor" ] || die "no sensor at $sensor: run 'mvn -q compile' first"
node_image=$(newest slimline-test/node-app)
tiny_image=$(newest slimline-test/tiny-app)
nginx_image=$(newest slimline-test/nginx-app)
[ -n "$node_image" ] && [ -n "$tiny_image" ] && [ -n "$nginx_image" ] \
    || die "slimline-test/node-app, nginx-app and tiny-app are missing (run the tests once)"
files_image=slimline-bench/files-app:latest
docker build -q --build-arg BUSYBOX_IMAGE="$tiny_image" --label "$label" -t "$files_image" \
    "$root/src/test/docker/files-app" > /dev/null 2>&1 || die "could not build $files_image"
nginx_files_image=slimline-bench/nginx-files:latest
docker build -q --build-arg NGINX_IMAGE="$nginx_image" --build-arg FILES_IMAGE="$files_image" --label "$label" \
    -t "$nginx_files_image" "$root/bench/sensor/nginx-files" > /dev/null 2>&1 || die "could not build $nginx_files_image"

cleanup() { docker ps -aq --filter "label=$label" | xargs -r docker rm -f > /dev/null; }
trap cleanup EXIT

# start <image> <container port> <native|fast|exact> <app argv...>: prints the container id once it answers
start() {
    local image=$1 port=$2 variant=$3
    shift 3
    local id
    if [ "$variant" = native ]; then
        id=$(docker create --label "$label" -p "127.0.0.1::$port" "$image")
    else
        id=$(docker create --label "$label" -p "127.0.0.1::$port" --entrypoint /.slimline/slimline-sensor "$image" \
            --report /.slimline/report.json --filter "$variant" -- "$@")
        tar -C "$(dirname "$sensor")" --transform 's,^,.slimline/,' -cf - slimline-sensor | docker cp - "$id:/"
    fi
    docker start "$id" > /dev/null
    local url="http://$(docker port "$id" "$port/tcp" | head -n 1)/"
    for _ in $(seq 1 300); do
        if curl -fsS -o /dev/null "$url" 2> /dev/null; then
            echo "$id $url"
            return
        fi
        sleep 0.2
    done
    die "$image ($variant) did not answer on $url"
}

# load <url> [wrk script]: prints requests/s
load() {
    local url=$1 script=${2:-}
    local args=(-t2 -c32 "$url")
    [ -n "$script" ] && args=(-s "$script" "${args[@]}")
    wrk -d2s "${args[@]}" > /dev/null # warm-up: JIT, caches, the sensor's records
    wrk -d"${seconds}s" "${args[@]}" | awk '/^Requests\/sec:/ { print $2 }'
}

declare -A results
run_case() { # name image port script app-argv...
    local name=$1 image=$2 port=$3 script=$4
    shift 4
    for rep in $(seq 1 "$reps"); do
        for variant in native fast exact; do
            read -r id url < <(start "$image" "$port" "$variant" "$@")
            results[$name.$variant]+="$(load "$url" "$script") "
            docker rm -f "$id" > /dev/null
        done
    done
}

run_case node "$node_image" 8000 "" node /opt/my/service/server.js
run_case nginx "$nginx_files_image" 80 "$root/bench/sensor/files.lua" nginx -g "daemon off;"
run_case busybox "$files_image" 8080 "$root/bench/sensor/files.lua" /bin/busybox httpd -f -p 8080 -h /www

median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
spread() { tr ' ' '\n' | grep . | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { print hi - lo }'; }

echo "requests/s under wrk -t2 -c32 -d${seconds}s, $reps repetitions interleaved ($(nproc) CPUs, $(uname -r))"
for name in node nginx busybox; do
    native_median=$(median <<< "${results[$name.native]}")
    for variant in native fast exact; do
        runs=${results[$name.$variant]}
        m=$(median <<< "$runs")
        printf '%-7s %-6s runs: %-30s median %9.1f  spread %8.1f  = %5.1f %% of native\n' "$name" "$variant" \
            "$runs" "$m" "$(spread <<< "$runs")" "$(awk -v a="$m" -v b="$native_median" 'BEGIN { print 100 * a / b }')"
    done
done
