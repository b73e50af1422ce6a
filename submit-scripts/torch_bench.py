#!/usr/bin/env python3
"""PyTorch side of `bench-engine.sh`: the same training step as `sparkcast bench`, timed the same way.

One step = zero_grad, forward of nn.LSTM/GRU/RNN(batch_first=True) + nn.Linear head over a window of
T steps, MSE over all B*T*O predictions, backward, Adam update. Initial state zero, O = 1.
Warm-up for at least `--warmup-seconds` (and 3 steps), then `--repeats` timed blocks of a fixed
number of steps, each about `--block-seconds` long (sized from the warm-up rate); steps/s of every
block gives the median, min and max. Same procedure as the engine's EngineBenchmark.

Prints one JSON object per case on stdout:
  {"cell", "I", "H", "L", "B", "T", "threads", "torch_steps_per_s" (median), "torch_steps_per_s_min",
   "torch_steps_per_s_max", "torch_version", "torch_blas"}
Exit code 3 when torch cannot be imported (the caller then reports our figures only).
"""
import argparse
import json
import os
import statistics
import sys
import time


def blas_name():
    """The BLAS library torch's process has mapped (torch 1.13 from Debian links the system libblas.so.3)."""
    try:
        with open("/proc/self/maps") as maps:
            libs = {line.split()[-1] for line in maps if "blas" in line.lower() or "mkl" in line.lower()}
    except OSError:
        return "unknown"
    real = sorted({os.path.realpath(p) for p in libs if p.startswith("/")})
    return ",".join(os.path.basename(os.path.dirname(p)) + "/" + os.path.basename(p) for p in real) or "unknown"


def run_case(torch, cell, i, h, layers, b, t, warmup_seconds, repeats, block_seconds):
    rnn_cls = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn_tanh": torch.nn.RNN}[cell]
    torch.manual_seed(1)
    rnn = rnn_cls(input_size=i, hidden_size=h, num_layers=layers, batch_first=True)
    head = torch.nn.Linear(h, 1)
    params = list(rnn.parameters()) + list(head.parameters())
    opt = torch.optim.Adam(params, lr=1e-3)
    x = torch.randn(b, t, i)
    y = torch.randn(b, t, 1)

    def step():
        opt.zero_grad(set_to_none=False)
        out, _ = rnn(x)
        loss = torch.nn.functional.mse_loss(head(out), y)  # mean over all B*T*O elements
        loss.backward()
        opt.step()

    warm_start = time.perf_counter()
    warm_steps = 0
    while warm_steps < 3 or time.perf_counter() - warm_start < warmup_seconds:
        step()
        warm_steps += 1
    rate = warm_steps / (time.perf_counter() - warm_start)
    per_block = max(1, round(rate * block_seconds))
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(per_block):
            step()
        rates.append(per_block / (time.perf_counter() - start))
    return rates


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--case", action="append", required=True, help="cell,I,H,L,B,T (repeatable)")
    p.add_argument("--warmup-seconds", type=float, default=2.0)
    p.add_argument("--repeats", type=int, default=7)
    p.add_argument("--block-seconds", type=float, default=0.4, help="length of one timed block")
    args = p.parse_args()
    try:
        import torch
    except ImportError as e:
        print("torch not importable: %s" % e, file=sys.stderr)
        return 3
    torch.set_num_threads(args.threads)
    blas = blas_name()
    for case in args.case:
        cell, *dims = case.split(",")
        i, h, layers, b, t = (int(v) for v in dims)
        rates = run_case(torch, cell, i, h, layers, b, t, args.warmup_seconds, args.repeats, args.block_seconds)
        print(json.dumps({
            "cell": cell, "I": i, "H": h, "L": layers, "B": b, "T": t, "threads": args.threads,
            "torch_steps_per_s": round(statistics.median(rates), 3),
            "torch_steps_per_s_min": round(min(rates), 3),
            "torch_steps_per_s_max": round(max(rates), 3),
            "torch_version": torch.__version__, "torch_blas": blas,
        }), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
