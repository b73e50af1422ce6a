#!/usr/bin/env bash
# The quick start: generates the default synthetic dataset (target/generated, once) and trains on it in
# Spark local mode with conf/local.properties; the model goes to target/sparkcast-run/model.
#   submit-scripts/quickstart.sh [--set key=value ...]     (extra options go to `train`)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root"
if ! compgen -G "target/generated/*.csv" > /dev/null; then
  "$here/run-local.sh" generate --out target/generated --series 8 --steps 2400
fi
exec "$here/run-local.sh" train --config conf/local.properties --fresh "$@"
