#!/usr/bin/env bash
# Throughput of syscall-heavy workloads natively and under the sensor (both tracing modes).
# Not a test: prints the ratio sensor/native per workload (best of 3 runs each).
#
#   bench/sensor/run.sh [iterations]      (default 1000000; run `mvn -q compile` first)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
sensor=$root/target/classes/sensor/linux-amd64/slimline-sensor
n=${1:-1000000}
if [ ! -x "$sensor" ]; then
    echo "no sensor at $sensor: run 'mvn -q compile' first" >&2
    exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gcc -O2 -o "$work/syscall-bench" "$root/bench/sensor/syscall-bench.c"

best_of_3() { # prints the best wall time in seconds of running "$@" three times
    local best=""
    for _ in 1 2 3; do
        local start end t
        start=$(date +%s.%N)
        "$@" > /dev/null
        end=$(date +%s.%N)
        t=$(echo "$end - $start" | bc -l)
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
    done
    echo "$best"
}

measure() { # name, command...
    local name=$1
    shift
    local native seccomp syscall
    native=$(best_of_3 "$@")
    seccomp=$(best_of_3 "$sensor" --mode seccomp --report "$work/report.json" -- "$@")
    syscall=$(best_of_3 "$sensor" --mode syscall --report "$work/report.json" -- "$@")
    printf '%-28s native %7.3f s | seccomp mode %7.3f s = %5.1f %% | syscall mode %7.3f s = %5.1f %%\n' \
        "$name" "$native" "$seccomp" "$(echo "100 * $native / $seccomp" | bc -l)" \
        "$syscall" "$(echo "100 * $native / $syscall" | bc -l)"
}

echo "throughput under the sensor as a share of native (higher is better; $(nproc) CPUs, $(uname -r))"
measure "getpid x $n" "$work/syscall-bench" getpid "$n"
measure "stat x $n" "$work/syscall-bench" stat "$n"
measure "find /usr -type f | wc -l" sh -c 'find /usr -type f | wc -l'
