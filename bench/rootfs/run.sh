#!/usr/bin/env bash
# What the build's filter costs over the local copy of an image's export: one pass over the whole
# copy against reading only the kept entries where the index saw them (medians; from a file, no
# service needed). The keep set is what observing PATH... makes of the image (default: the node
# test image's interpreter, which brings its libraries).
#
#   bench/rootfs/run.sh [image] [runs] [path...]
#     image  default the newest slimline-test/node-app tag the engine has (the tests build it)
#     runs   default 9
# Run from the repository root; it compiles the main classes first.
set -euo pipefail

image=${1:-$(docker images --format '{{.Repository}}:{{.Tag}}' slimline-test/node-app | head -n 1)}
runs=${2:-9}
shift $(( $# > 2 ? 2 : $# ))
paths=("$@")
if [ ${#paths[@]} -eq 0 ]; then
  paths=(/usr/bin/node /opt/my/service/server.js)
fi
. bench/exported-image.sh
java -Xmx1g -cp "target/classes:$(cat "$work/classpath.txt")" bench/rootfs/FilterBench.java \
  "$work/export.tar" "$runs" "${paths[@]}"
