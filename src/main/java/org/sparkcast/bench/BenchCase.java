package org.sparkcast.bench;

import java.util.List;
import org.sparkcast.engine.CellType;

/**
 * One benchmark case: a cell and the shape {@code I, H, L, B, T} of a unidirectional stack with a
 * one-output head trained on one window of T steps (MSE over all steps).
 *
 * <p>FLOPs of one training step, counted as PyTorch-style tools count them (gate GEMMs only; the
 * pointwise cell math, head and optimizer are left out):
 * <pre>
 * flops = 3 * sum over layers l of 2 * G * H * (I_l + H) * B * T
 *         G = 4 (LSTM), 3 (GRU), 1 (Elman);  I_l = I for l = 0, H above
 *         the 3 = forward, backward-data and backward-weight GEMMs
 * </pre>
 * A driver-side value (a record: it never travels through Spark's Kryo).
 */
public record BenchCase(CellType cell, int inputSize, int hidden, int layers, int batch, int steps) {

    /** The four shapes (a)-(d) as {@code I, H, L, B, T}. */
    public static final List<int[]> STANDARD_SHAPES = List.of(
            new int[] {8, 64, 1, 64, 50},
            new int[] {16, 128, 1, 128, 50},
            new int[] {16, 128, 2, 128, 50},
            new int[] {32, 256, 1, 128, 50});

    public BenchCase {
        if (inputSize < 1 || hidden < 1 || layers < 1 || batch < 1 || steps < 1) {
            throw new IllegalArgumentException("shape I,H,L,B,T must be positive, got " + inputSize + "," + hidden
                    + "," + layers + "," + batch + "," + steps);
        }
    }

    /** Parses {@code I,H,L,B,T}, e.g. {@code 16,128,1,128,50}. */
    public static BenchCase parse(CellType cell, String shape) {
        String[] parts = shape.split(",");
        if (parts.length != 5) {
            throw new IllegalArgumentException("--shape must be I,H,L,B,T (five integers), got '" + shape + "'");
        }
        int[] v = new int[5];
        for (int i = 0; i < 5; i++) {
            try {
                v[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--shape must be I,H,L,B,T (five integers), got '" + shape + "'", e);
            }
        }
        return of(cell, v);
    }

    /** A case from {@code {I, H, L, B, T}}. */
    public static BenchCase of(CellType cell, int[] shape) {
        return new BenchCase(cell, shape[0], shape[1], shape[2], shape[3], shape[4]);
    }

    /** Gate-GEMM FLOPs of one training step (formula in the class comment). */
    public double flopsPerStep() {
        double sum = 0;
        for (int l = 0; l < layers; l++) {
            int in = l == 0 ? inputSize : hidden;
            sum += 2.0 * cell.gates() * hidden * (double) (in + hidden) * batch * steps;
        }
        return 3 * sum;
    }

    /** {@code I,H,L,B,T}, the form {@link #parse} reads and {@code torch_bench.py} takes after the cell. */
    public String shape() {
        return inputSize + "," + hidden + "," + layers + "," + batch + "," + steps;
    }
}
