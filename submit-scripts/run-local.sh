#!/usr/bin/env bash
# Runs a Sparkcast command on this machine (Spark local mode where the command uses Spark).
#   submit-scripts/run-local.sh <command> [options]      e.g.  submit-scripts/run-local.sh demo
# Builds target/sparkcast.jar first when it is missing or older than the sources. Needs Java 17 and
# Maven. JVM flags come from conf/jvm-options; add your own with SPARKCAST_JAVA_OPTS="-Xmx8g ...".
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jar="$root/target/sparkcast.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit)" ]; then
  echo "building $jar ..." >&2
  (cd "$root" && mvn -B -q -DskipTests package)
fi
mapfile -t flags < <(grep -Ev '^[[:space:]]*(#|$)' "$root/conf/jvm-options")
# One BLAS thread per engine: Spark runs one task per core, and each task's GEMMs stay on its core.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
# Local mode talks only to itself: bind Spark to the loopback interface.
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# shellcheck disable=SC2086
exec java "${flags[@]}" -Dlog4j2.configurationFile="$root/conf/log4j2.properties" ${SPARKCAST_JAVA_OPTS:-} \
  -jar "$jar" "$@"
