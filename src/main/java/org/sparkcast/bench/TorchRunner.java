package org.sparkcast.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs {@code submit-scripts/torch_bench.py} for one case under a Python that has torch, and reads
 * back its JSON line ({@code torch_steps_per_s}, min, max, {@code torch_blas}, ...). Whether torch is
 * there is found out once, by importing it; when it is not, {@link #unavailableReason()} says why.
 */
public final class TorchRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path python;
    private final Path script;
    private final String waitPolicy;
    private final String unavailable;

    /**
     * @param waitPolicy {@code OMP_WAIT_POLICY} for PyTorch's OpenMP threads, or null for its default
     *                   (spin, then sleep): on a machine shared with other busy processes the default
     *                   can make 2 threads far slower than 1, which {@code passive} avoids
     */
    public TorchRunner(Path python, Path script, String waitPolicy) {
        this.python = python;
        this.script = script;
        this.waitPolicy = waitPolicy;
        this.unavailable = probe();
    }

    /** The {@code OMP_WAIT_POLICY} PyTorch runs with, {@code default} when not set. */
    public String waitPolicy() {
        return waitPolicy == null ? "default" : waitPolicy;
    }

    /** Empty when torch runs; otherwise why not (no python, no script, torch not importable). */
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(unavailable);
    }

    /** Times {@code bench} in PyTorch with {@code threads} intra-op threads; returns its JSON object. */
    public JsonNode run(BenchCase bench, int threads, double warmupSeconds, int repeats, double blockSeconds) {
        List<String> cmd = new ArrayList<>(List.of(python.toString(), script.toString(),
                "--threads", Integer.toString(threads),
                "--case", bench.cell().configName() + "," + bench.shape(),
                "--warmup-seconds", String.format(Locale.ROOT, "%.3f", warmupSeconds),
                "--repeats", Integer.toString(repeats),
                "--block-seconds", String.format(Locale.ROOT, "%.3f", blockSeconds)));
        String out = exec(cmd);
        String line = out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("torch_bench.py printed no JSON: " + out));
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException("torch_bench.py printed bad JSON: " + line, e);
        }
    }

    private String probe() {
        if (!Files.isExecutable(python)) {
            return python + " not found";
        }
        if (!Files.isRegularFile(script)) {
            return script + " not found";
        }
        try {
            exec(List.of(python.toString(), "-c", "import torch"));
            return null;
        } catch (IllegalStateException e) {
            return "torch not importable by " + python + " (apt-get install -y python3-torch libopenblas0-openmp)";
        }
    }

    private String exec(List<String> cmd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
            int threads = cmd.indexOf("--threads") >= 0 ? Integer.parseInt(cmd.get(cmd.indexOf("--threads") + 1)) : 1;
            // PyTorch runs with its own defaults for N threads, whatever our JVM was given
            pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
            pb.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
            pb.environment().remove("OMP_WAIT_POLICY");
            if (waitPolicy != null) {
                pb.environment().put("OMP_WAIT_POLICY", waitPolicy);
            }
            Process p = pb.start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int code = p.waitFor();
            if (code != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " exited with " + code);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + cmd.get(0), e);
        }
    }
}
