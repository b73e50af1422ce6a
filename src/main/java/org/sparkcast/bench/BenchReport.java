package org.sparkcast.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one JSON object per case that {@code sparkcast bench} prints:
 * <pre>
 * cell, I, H, L, B, T, threads, steps_per_s (median), steps_per_s_min, steps_per_s_max,
 * gflops (= flops per step * median steps/s / 1e9), kernel, alloc_bytes_per_step, flops_per_step,
 * blas_threads (OMP_NUM_THREADS of our JVM; added by the command), fma_peak_gflops_per_core and
 * peak_fraction (= gflops / (peak * threads)),
 * and with PyTorch: torch_steps_per_s (median), torch_steps_per_s_min, torch_steps_per_s_max,
 * torch_gflops, torch_blas, torch_version, ratio (= steps_per_s / torch_steps_per_s); without it,
 * torch_status saying why not.
 * </pre>
 */
public final class BenchReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchReport() {
    }

    /** Our figures for one case. */
    public static ObjectNode ours(BenchCase bench, int threads, EngineBenchmark.Timing timing, String kernel) {
        ObjectNode o = JSON.createObjectNode();
        o.put("cell", bench.cell().configName());
        o.put("I", bench.inputSize());
        o.put("H", bench.hidden());
        o.put("L", bench.layers());
        o.put("B", bench.batch());
        o.put("T", bench.steps());
        o.put("threads", threads);
        o.put("steps_per_s", round(timing.median()));
        o.put("steps_per_s_min", round(timing.min()));
        o.put("steps_per_s_max", round(timing.max()));
        o.put("gflops", round(bench.flopsPerStep() * timing.median() / 1e9));
        o.put("kernel", kernel);
        o.put("alloc_bytes_per_step", round(timing.allocatedBytesPerStep()));
        o.put("flops_per_step", bench.flopsPerStep());
        return o;
    }

    /** Adds PyTorch's figures (the JSON object of {@code torch_bench.py}) and the ratio ours / torch. */
    public static ObjectNode withTorch(ObjectNode ours, BenchCase bench, JsonNode torch) {
        double median = torch.get("torch_steps_per_s").asDouble();
        ours.put("torch_steps_per_s", round(median));
        ours.put("torch_steps_per_s_min", round(torch.get("torch_steps_per_s_min").asDouble()));
        ours.put("torch_steps_per_s_max", round(torch.get("torch_steps_per_s_max").asDouble()));
        ours.put("torch_gflops", round(bench.flopsPerStep() * median / 1e9));
        ours.put("torch_blas", torch.path("torch_blas").asText("unknown"));
        ours.put("torch_version", torch.path("torch_version").asText("unknown"));
        ours.put("ratio", round(ours.get("steps_per_s").asDouble() / median));
        return ours;
    }

    /**
     * Adds one core's FMA peak measured in the same run ({@link FmaPeak}) and
     * {@code peak_fraction = gflops / (peak * threads)}; nothing when the peak could not be measured.
     */
    public static ObjectNode withPeak(ObjectNode ours, double peakGflops) {
        if (Double.isFinite(peakGflops) && peakGflops > 0) {
            ours.put("fma_peak_gflops_per_core", round(peakGflops));
            ours.put("peak_fraction", round(ours.get("gflops").asDouble() / (peakGflops * ours.get("threads").asInt())));
        }
        return ours;
    }

    /** Marks a line as having no PyTorch figures, with the reason. */
    public static ObjectNode withoutTorch(ObjectNode ours, String reason) {
        ours.put("torch_status", reason);
        return ours;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
