#!/usr/bin/env bash
# A scheduled forecast, ready for cron: one `sparkcast forecast` run under a lock, logged to a file.
#
#   submit-scripts/scheduled-forecast.sh --config FILE [forecast options ...] [--cluster -- spark-submit options ...]
#
# * Lock: a run that finds the previous one still going exits at once with 75 (EX_TEMPFAIL) and writes nothing;
#   the lock is an flock(1) on $SPARKCAST_LOCK (default target/sparkcast-run/scheduled-forecast.lock), released
#   by the kernel when a run ends or dies.
# * Logs: $SPARKCAST_LOG_DIR (default target/sparkcast-run/logs)/forecast-<UTC start>.log gets everything the run
#   prints; one summary line (start, end, exit code, log file) goes to stdout for cron's mail.
# * Exit codes: those of sparkcast (0 written; 2 usage; 3 bad input: data, config or model; 1 internal), or 75.
#   A failed run leaves the forecasts of earlier runs as they were (each as-of time's folder is replaced
#   atomically, and only when the new one is complete); re-running an as-of time replaces its folder.
# * Local mode by default; with --cluster, everything after "--" goes to submit-cluster.sh (e.g. --master URL), in
#   client deploy mode only (the driver runs here, under the lock). Deploy a built jar: run-local.sh rebuilds it when
#   the sources are newer, which a scheduled job should never need.
#
# crontab example (hourly, 10 minutes past, forecasting from the hour that just ended; % must be escaped):
#   10 * * * *  cd /opt/sparkcast && submit-scripts/scheduled-forecast.sh --config conf/beijing-multisite.properties \
#                 --as-of "$(date -u -d '1 hour ago' +\%Y-\%m-\%dT\%H:00Z)" --set data.paths=/data/recent/*.csv
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
forecast_args=()
cluster_args=()
cluster=false
while [ $# -gt 0 ]; do
  case "$1" in
    --cluster) cluster=true; shift; [ "${1:-}" = "--" ] && shift; cluster_args=("$@"); break ;;
    *) forecast_args+=("$1"); shift ;;
  esac
done
for a in "${cluster_args[@]}"; do
  if [ "$a" = "cluster" ] || [ "$a" = "spark.submit.deployMode=cluster" ]; then
    # spark-submit would return once the driver is submitted: the lock, the exit code and the log would mean nothing
    echo "scheduled forecast: --deploy-mode cluster is not supported (the driver must run here, under the lock)" >&2
    exit 2
  fi
done
lock="${SPARKCAST_LOCK:-$root/target/sparkcast-run/scheduled-forecast.lock}"
logs="${SPARKCAST_LOG_DIR:-$root/target/sparkcast-run/logs}"
mkdir -p "$(dirname "$lock")" "$logs"
start=$(date -u +%Y%m%dT%H%M%SZ)
log="$logs/forecast-$start.log"
exec 9>"$lock"
if ! flock -n 9; then
  echo "scheduled forecast $start: another run holds $lock; nothing done (exit 75)"
  exit 75
fi
if $cluster; then
  "$root/submit-scripts/submit-cluster.sh" "${cluster_args[@]}" -- forecast "${forecast_args[@]}" >"$log" 2>&1
else
  "$root/submit-scripts/run-local.sh" forecast "${forecast_args[@]}" >"$log" 2>&1
fi
code=$?
end=$(date -u +%Y%m%dT%H%M%SZ)
last=$(grep -E '^(forecast as of|sparkcast forecast:|skipped:)' "$log" | tail -1)
echo "scheduled forecast $start..$end: exit $code${last:+ ($last)}; log $log"
exit $code
