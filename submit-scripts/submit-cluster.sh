#!/usr/bin/env bash
# Submits a Sparkcast command to a cluster through Spark's own SparkSubmit:
#
#   submit-scripts/submit-cluster.sh --master URL [spark-submit options ...] -- <command> [options]
#
# URL is spark://host:port (standalone; see standalone-cluster.sh), yarn, or k8s://https://host:port;
# every other option before "--" goes to spark-submit unchanged (--deploy-mode, --conf k=v,
# --executor-memory, --num-executors, ...). With a Spark distribution installed ($SPARK_HOME/bin/spark-submit),
# that is used; otherwise the Spark home built from this project's artifacts (target/spark-home).
# The application jar is target/sparkcast-submit.jar (Sparkcast only; the cluster provides Spark).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jar="$root/target/sparkcast-submit.jar"
submit_args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do submit_args+=("$1"); shift; done
if [ $# -eq 0 ]; then
  echo "usage: $0 --master URL [spark-submit options ...] -- <command> [options]" >&2; exit 2
fi
shift
if [ ! -f "$jar" ] || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit)" ]; then
  echo "building $jar ..." >&2
  (cd "$root" && mvn -B -q -DskipTests package)
fi
# A master on this machine: keep the driver on the loopback interface too.
for a in "${submit_args[@]}"; do
  case "$a" in spark://127.0.0.1:*|spark://localhost:*)
    submit_args+=(--conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1) ;;
  esac
done
common=(--class org.sparkcast.cli.Main
        --conf "spark.driver.extraJavaOptions=-Dlog4j2.configurationFile=$root/conf/log4j2.properties"
        --conf spark.executorEnv.OMP_NUM_THREADS=1)
if [ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]; then
  exec "$SPARK_HOME/bin/spark-submit" "${common[@]}" "${submit_args[@]}" "$jar" "$@"
fi
spark_home="$root/target/spark-home"
if [ ! -d "$spark_home/jars" ]; then
  echo "no Spark home: run submit-scripts/standalone-cluster.sh start (it builds $spark_home) or set SPARK_HOME" >&2
  exit 2
fi
mapfile -t flags < <(grep -Ev '^[[:space:]]*(#|$)' "$root/conf/jvm-options")
export SPARK_HOME="$spark_home" SPARK_SCALA_VERSION=2.13
exec java "${flags[@]}" -Dlog4j2.configurationFile="$root/conf/log4j2.properties" -cp "$spark_home/conf:$spark_home/jars/*" \
  org.apache.spark.deploy.SparkSubmit "${common[@]}" "${submit_args[@]}" "$jar" "$@"
