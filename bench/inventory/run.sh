#!/usr/bin/env bash
# What the package inventory costs: the indexing pass over an image's export with and without the
# inventory listening, and the work after selection (weighing, both SBOMs with schema validation),
# medians over several runs, read from a file so the engine's export speed does not count.
#
#   bench/inventory/run.sh [image] [runs]
#     image  default the newest slimline-test/node-app tag the engine has (the tests build it)
#     runs   default 5
# Run from the repository root; it compiles the main classes first.
set -euo pipefail

image=${1:-$(docker images --format '{{.Repository}}:{{.Tag}}' slimline-test/node-app | head -n 1)}
runs=${2:-5}
. bench/exported-image.sh
java -Xmx1g -cp "target/classes:$(cat "$work/classpath.txt")" bench/inventory/IndexBench.java \
  "$work/export.tar" "$runs"
