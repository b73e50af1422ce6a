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
# Threads (one JVM per thread count): PyTorch gets torch.set_num_threads(N) and OMP_NUM_THREADS=N,
# its defaults otherwise. Our engine runs one network on one thread; N is what its GEMM kernel may
# use. With the default kernel (hybrid: our Vector API kernel for the long products, OpenBLAS for the
# rest) the Vector API kernel gets N threads and OpenBLAS runs single-threaded beside it: two thread
# teams on the same cores (OpenMP's spinning one and ours) fight. With --kernel native OpenBLAS gets
# N threads, with OMP_WAIT_POLICY=PASSIVE unless set: on this shared 2-core machine spinning OpenMP
# workers made a 2-thread JVM 10-20x slower (1-2 steps/s against 16-22 passive on shape (b)).
set -euo pipefail
cd "$(dirname "$0")/.."

threads_list=1
kernel=auto
args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --threads) threads_list="${2:?--threads needs a value}"; shift 2 ;;
        --kernel) kernel="${2:?--kernel needs a value}"; args+=("$1" "$2"); shift 2 ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
    blas_threads=1
    if [[ "$kernel" == native || "$kernel" == netlib-java ]]; then
        blas_threads="$n"
    fi
    OMP_NUM_THREADS="$blas_threads" OPENBLAS_NUM_THREADS="$blas_threads" \
        OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}" \
        java "${jvm_options[@]}" -Xmx4g -jar target/sparkcast.jar bench --threads "$n" \
        --python "$python" --torch-script submit-scripts/torch_bench.py ${args[@]+"${args[@]}"}
done
