#!/usr/bin/env bash
# Engine speed benchmark: our training step (forward + backward + Adam on one window, MSE over all
# steps) against PyTorch's on the same shapes and thread counts, in the same run.
#
#   submit-scripts/bench-engine.sh [--threads N[,N...]] [--cell lstm|gru|rnn_tanh[,...]] [--shape I,H,L,B,T]
#                                  [other `sparkcast bench` options, e.g. --repeats 9 --torch off]
#
# No --shape: the four standard shapes. One JSON object per case and thread count on stdout.
# PyTorch runs when /usr/bin/python3 (or $SPARKCAST_PYTHON) imports torch; install it with
#   apt-get install -y python3-torch libopenblas0-openmp
# (libopenblas0-openmp is also what gives our engine its native GEMM kernel). Without torch, our
# figures only, and a note on stderr.
#
# Threads: OMP_NUM_THREADS / OPENBLAS_NUM_THREADS are set to N for both processes (OpenBLAS reads
# them when it loads; PyTorch also gets torch.set_num_threads(N)); one JVM per thread count.
set -euo pipefail
cd "$(dirname "$0")/.."

threads_list=1
args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --threads) threads_list="${2:?--threads needs a value}"; shift 2 ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) args+=("$1"); shift ;;
    esac
done

if [[ ! -f target/sparkcast.jar || ! -d target/lib ]]; then
    echo "bench-engine: building target/sparkcast.jar (mvn -B -q package -DskipTests)" >&2
    mvn -B -q package -DskipTests >&2
fi

mapfile -t jvm_options < <(grep -v '^[[:space:]]*\(#\|$\)' conf/jvm-options)
python="${SPARKCAST_PYTHON:-/usr/bin/python3}"

IFS=',' read -r -a thread_counts <<< "$threads_list"
for n in "${thread_counts[@]}"; do
    OMP_NUM_THREADS="$n" OPENBLAS_NUM_THREADS="$n" \
        java "${jvm_options[@]}" -Xmx4g -jar target/sparkcast.jar bench --threads "$n" \
        --python "$python" --torch-script submit-scripts/torch_bench.py ${args[@]+"${args[@]}"}
done
