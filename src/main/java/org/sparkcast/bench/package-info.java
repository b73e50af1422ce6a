/**
 * The engine benchmark behind {@code sparkcast bench}: the cases and their FLOP count
 * ({@link org.sparkcast.bench.BenchCase}), the timed training step ({@link org.sparkcast.bench.EngineBenchmark}),
 * the PyTorch side run through {@code submit-scripts/torch_bench.py} ({@link org.sparkcast.bench.TorchRunner})
 * and the JSON line per case ({@link org.sparkcast.bench.BenchReport}). Kept out of {@code engine}, which
 * it only drives through its public API.
 */
package org.sparkcast.bench;
