#!/usr/bin/env bash
# A real Spark standalone cluster on this machine, built from Spark's own Maven artifacts (no download):
# one Master and N Workers, each a separate JVM, bound to 127.0.0.1.
#
#   submit-scripts/standalone-cluster.sh start [--workers N] [--cores C] [--memory M]   (defaults 2, 1, 2g)
#   submit-scripts/standalone-cluster.sh stop
#   submit-scripts/standalone-cluster.sh status
#
# The Spark home is target/spark-home: jars/ = every runtime jar of this build (target/lib) and an empty
# RELEASE file, which is all Spark's launcher needs. Master URL: spark://127.0.0.1:${SPARKCAST_MASTER_PORT:-7077}.
# Logs: target/cluster/logs (or $SPARKCAST_CLUSTER_DIR/logs). Submit with submit-scripts/submit-cluster.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
spark_home="$root/target/spark-home"
state="${SPARKCAST_CLUSTER_DIR:-$root/target/cluster}"
port="${SPARKCAST_MASTER_PORT:-7077}"
master="spark://127.0.0.1:$port"

build_spark_home() {
  if [ -n "${SPARKCAST_REUSE_SPARK_HOME:-}" ] && [ -d "$spark_home/jars" ]; then return 0; fi
  if [ ! -f "$root/target/sparkcast-submit.jar" ] || [ ! -d "$root/target/lib" ] \
     || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$root/target/sparkcast-submit.jar" -print -quit)" ]; then
    echo "building Sparkcast jars ..." >&2
    (cd "$root" && mvn -B -q -DskipTests package)
  fi
  rm -rf "$spark_home"
  mkdir -p "$spark_home/jars" "$spark_home/conf"
  cp "$root"/target/lib/*.jar "$spark_home/jars/"
  : > "$spark_home/RELEASE"
  cp "$root/conf/log4j2.properties" "$spark_home/conf/log4j2.properties"
  # the daemons log their lifecycle (registration, executors launched and lost) at INFO
  printf '\nlogger.deploy.name = org.apache.spark.deploy\nlogger.deploy.level = info\n' >> "$spark_home/conf/log4j2.properties"
}

java_flags() {
  grep -Ev '^[[:space:]]*(#|$)' "$root/conf/jvm-options"
}

wait_for_port() { # host port seconds
  local i
  for ((i = 0; i < $3 * 10; i++)); do
    if (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  return 1
}

start() {
  local workers=2 cores=1 memory=2g
  while [ $# -gt 0 ]; do
    case "$1" in
      --workers) workers="$2"; shift 2 ;;
      --cores) cores="$2"; shift 2 ;;
      --memory) memory="$2"; shift 2 ;;
      *) echo "standalone-cluster.sh: unknown option '$1'" >&2; exit 2 ;;
    esac
  done
  if [ -f "$state/master.pid" ] && kill -0 "$(cat "$state/master.pid")" 2>/dev/null; then
    echo "a cluster is already running ($master); stop it first" >&2; exit 1
  fi
  build_spark_home
  mkdir -p "$state/logs" "$state/work"
  mapfile -t flags < <(java_flags)
  export SPARK_HOME="$spark_home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 OMP_NUM_THREADS=1
  nohup java "${flags[@]}" -Xmx512m -Dlog4j2.configurationFile="$spark_home/conf/log4j2.properties" \
    -cp "$spark_home/conf:$spark_home/jars/*" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$port" --webui-port 0 > "$state/logs/master.log" 2>&1 &
  echo $! > "$state/master.pid"
  if ! wait_for_port 127.0.0.1 "$port" 60; then
    echo "master did not open port $port; see $state/logs/master.log" >&2; tail -20 "$state/logs/master.log" >&2; exit 1
  fi
  local w
  for ((w = 1; w <= workers; w++)); do
    mkdir -p "$state/work/worker-$w"
    nohup java "${flags[@]}" -Xmx512m -Dlog4j2.configurationFile="$spark_home/conf/log4j2.properties" \
      -cp "$spark_home/conf:$spark_home/jars/*" org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --cores "$cores" --memory "$memory" --webui-port 0 \
      --work-dir "$state/work/worker-$w" "$master" > "$state/logs/worker-$w.log" 2>&1 &
    echo $! > "$state/worker-$w.pid"
  done
  # wait until every worker has registered with the master
  local i
  for ((i = 0; i < 600; i++)); do
    if [ "$(cat "$state"/logs/worker-*.log 2>/dev/null | grep -c 'Successfully registered with master')" -ge "$workers" ]; then
      echo "$master ($workers workers x $cores cores, $memory each)"
      return 0
    fi
    sleep 0.1
  done
  echo "workers did not register within 60 s; see $state/logs" >&2
  exit 1
}

stop() {
  local f
  for f in "$state"/worker-*.pid "$state"/master.pid; do
    [ -f "$f" ] || continue
    kill "$(cat "$f")" 2>/dev/null || true
    rm -f "$f"
  done
  echo "stopped"
}

status() {
  local f any=0
  for f in "$state"/master.pid "$state"/worker-*.pid; do
    [ -f "$f" ] || continue
    any=1
    if kill -0 "$(cat "$f")" 2>/dev/null; then echo "$(basename "$f" .pid): running (pid $(cat "$f"))"; else echo "$(basename "$f" .pid): dead"; fi
  done
  [ $any -eq 1 ] || echo "no cluster"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start [--workers N] [--cores C] [--memory M] | stop | status" >&2; exit 2 ;;
esac
