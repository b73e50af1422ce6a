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
# start fails when that port is taken (it never joins a foreign Master) and prints the URL its Master bound, read
# from the Master's own log; stop stops only the daemons it started (their command line runs from this Spark home).
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
  if [ -f "$state/master.pid" ] && ours "$(cat "$state/master.pid")"; then
    echo "a cluster is already running ($master); stop it first" >&2; exit 1
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "standalone-cluster.sh: port $port on 127.0.0.1 is taken (another Spark Master or program listens there);" \
      "stop it, or choose a free port with SPARKCAST_MASTER_PORT=<port>" >&2
    exit 1
  fi
  build_spark_home
  mkdir -p "$state/logs" "$state/work"
  mapfile -t flags < <(java_flags)
  export SPARK_HOME="$spark_home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 OMP_NUM_THREADS=1
  # spark.port.maxRetries=0: a Master that cannot bind $port fails instead of moving to the next port unannounced
  nohup java "${flags[@]}" -Xmx512m -Dspark.port.maxRetries=0 -Dlog4j2.configurationFile="$spark_home/conf/log4j2.properties" \
    -cp "$spark_home/conf:$spark_home/jars/*" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$port" --webui-port 0 > "$state/logs/master.log" 2>&1 &
  echo $! > "$state/master.pid"
  # the URL our Master really bound, from its own log (not whatever answers on the port)
  local i bound=""
  for ((i = 0; i < 600; i++)); do
    bound=$(grep -o 'Starting Spark master at spark://[^ ]*' "$state/logs/master.log" 2>/dev/null | head -1 | sed 's/.* at //') || true
    [ -n "$bound" ] && break
    kill -0 "$(cat "$state/master.pid")" 2>/dev/null || break
    sleep 0.1
  done
  if [ "$bound" != "$master" ] || ! wait_for_port 127.0.0.1 "$port" 60; then
    echo "standalone-cluster.sh: the Master did not start at $master (${bound:-no URL in its log}); see $state/logs/master.log" >&2
    tail -20 "$state/logs/master.log" >&2
    kill "$(cat "$state/master.pid")" 2>/dev/null || true
    rm -f "$state/master.pid"
    exit 1
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
  # wait until every worker has registered with our master
  for ((i = 0; i < 600; i++)); do
    if [ "$(cat "$state"/logs/worker-*.log 2>/dev/null | grep -cF "Successfully registered with master $master")" -ge "$workers" ]; then
      echo "$master ($workers workers x $cores cores, $memory each)"
      return 0
    fi
    sleep 0.1
  done
  echo "workers did not register within 60 s; see $state/logs" >&2
  exit 1
}

# whether pid $1 is a daemon this script started: alive, and its command line runs from our Spark home
ours() {
  [ -n "$1" ] && kill -0 "$1" 2>/dev/null && tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -qF "$spark_home/jars/"
}

stop() {
  local f pid
  for f in "$state"/worker-*.pid "$state"/master.pid; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    if ours "$pid"; then
      kill "$pid" 2>/dev/null || true
    elif kill -0 "$pid" 2>/dev/null; then
      echo "left pid $pid alone: $(basename "$f") names it, but it is not a daemon of $spark_home" >&2
    fi
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
