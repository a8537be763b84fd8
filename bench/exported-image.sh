# Sourced by the benchmarks that work on an image's export read from a file (bench/inventory,
# bench/rootfs): exports a never-started container of $image to $work/export.tar and writes the main
# classes' runtime classpath to $work/classpath.txt; $work is removed on exit, with the container
# should the export fail half-way. Expects $image set, and to be run from the repository root.
if [ -z "$image" ]; then
  echo "run.sh: no image given and no slimline-test/node-app on the engine (run the tests once)" >&2
  exit 2
fi

work=$(mktemp -d)
container=""
cleanup() {
  if [ -n "$container" ]; then docker rm -f "$container" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

container=$(docker create --label slimline.test=bench "$image" /never-started)
docker export "$container" > "$work/export.tar"
docker rm "$container" >/dev/null
container=""

mvn -q -B -ntp compile dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" \
  -Dmdep.includeScope=runtime
