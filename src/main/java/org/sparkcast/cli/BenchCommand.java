package org.sparkcast.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.sparkcast.bench.BenchCase;
import org.sparkcast.bench.BenchReport;
import org.sparkcast.bench.EngineBenchmark;
import org.sparkcast.bench.FmaPeak;
import org.sparkcast.bench.TorchRunner;
import org.sparkcast.engine.CellType;
import org.sparkcast.engine.Gemm;
import org.sparkcast.engine.GemmKernels;

/**
 * {@code sparkcast bench}: times the engine's training step (forward + backward + Adam on one window,
 * MSE over all steps) on the four shapes or one given shape, and, when the given Python has
 * torch, PyTorch's same step right after each case, in the same run. One JSON line per case (fields
 * in {@link BenchReport}). {@code submit-scripts/bench-engine.sh} is the usual way in: it builds the
 * jar, sets the BLAS thread count and passes the Python and the torch script.
 *
 * <p>Threads: the engine runs one network on one thread (its pointwise cell math included);
 * {@code --threads N} is what the GEMM kernel may use. Native OpenBLAS reads it from
 * {@code OMP_NUM_THREADS} when it loads (the script sets it); the Vector API kernel splits the rows of
 * every large product over N threads ({@link org.sparkcast.engine.VectorGemm#VectorGemm(int)}).
 */
final class BenchCommand {
    /** Whether to run PyTorch beside the engine. */
    enum TorchMode { AUTO, OFF }

    /** The command line, with its defaults. */
    static final class Options {
        int threads = 1;
        List<CellType> cells = List.of(CellType.LSTM);
        String shape;
        TorchMode torchMode = TorchMode.AUTO;
        Path python = Paths.get("/usr/bin/python3");
        Path script = Paths.get("submit-scripts/torch_bench.py");
        String torchWaitPolicy;
        String kernel = System.getProperty(GemmKernels.PROPERTY, "auto");
        double warmupSeconds = 2.0;
        double blockSeconds = 0.4;
        int repeats = 7;
        OptionParser.Parsed parsed;

        static Options parse(String[] args) {
            OptionParser.Parsed p = OptionParser.withoutConfig("bench", usage(),
                    "bench times the engine alone on the shapes its options give and reads no config")
                    .values("--threads", "--cell", "--shape", "--torch", "--python", "--torch-script", "--torch-omp-wait-policy",
                            "--kernel", "--warmup-seconds", "--block-seconds", "--repeats").parse(args);
            Options o = new Options();
            o.parsed = p;
            o.threads = p.count("--threads", o.threads, 1);
            o.cells = Stream.of(p.value("--cell", "lstm").split(",")).map(CellType::fromConfigName).toList();
            o.shape = p.value("--shape", null);
            String torch = p.value("--torch", "auto").toUpperCase(Locale.ROOT);
            if (!torch.equals("AUTO") && !torch.equals("OFF")) {
                throw new UsageException("--torch must be auto or off, got '" + p.value("--torch", "") + "'");
            }
            o.torchMode = TorchMode.valueOf(torch);
            o.python = Paths.get(p.value("--python", o.python.toString()));
            o.script = Paths.get(p.value("--torch-script", o.script.toString()));
            o.torchWaitPolicy = p.value("--torch-omp-wait-policy", null);
            o.kernel = p.value("--kernel", o.kernel);
            o.warmupSeconds = p.decimal("--warmup-seconds", o.warmupSeconds);
            o.blockSeconds = p.decimal("--block-seconds", o.blockSeconds);
            o.repeats = p.count("--repeats", o.repeats, 1);
            return o;
        }
    }

    int run(String[] args) {
        Options o = Options.parse(args);
        if (o.parsed.answered()) {
            return ExitCode.OK.code();
        }
        List<BenchCase> cases = cases(o.cells, o.shape);
        Gemm gemm = GemmKernels.create(GemmKernels.parse(o.kernel), o.threads);
        warnIfBlasThreadsDiffer(gemm, o.threads);
        TorchRunner torch = o.torchMode == TorchMode.AUTO ? new TorchRunner(o.python, o.script, o.torchWaitPolicy) : null;
        Optional<String> noTorch = torch == null ? Optional.of("not run (--torch off)") : torch.unavailableReason();
        noTorch.ifPresent(r -> System.err.println("bench: PyTorch figures skipped: " + r));
        double peak = FmaPeak.measure(5);
        System.err.printf(Locale.ROOT, "bench: one core's fp32 FMA peak, measured now: %.1f GFLOP/s%n", peak);
        for (BenchCase c : cases) {
            EngineBenchmark.Timing timing = new EngineBenchmark(c, gemm).time(o.warmupSeconds, o.repeats, o.blockSeconds);
            ObjectNode line = BenchReport.ours(c, o.threads, timing, kernelName(gemm));
            line.put("blas_threads", String.valueOf(System.getenv("OMP_NUM_THREADS")));
            BenchReport.withPeak(line, peak);
            if (noTorch.isPresent()) {
                BenchReport.withoutTorch(line, noTorch.get());
            } else {
                BenchReport.withTorch(line, c, torch.run(c, o.threads, o.warmupSeconds, o.repeats, o.blockSeconds));
                line.put("torch_omp_wait_policy", torch.waitPolicy());
            }
            System.out.println(line);
            System.out.flush();
        }
        return ExitCode.OK.code();
    }

    static List<BenchCase> cases(List<CellType> cells, String shape) {
        List<BenchCase> cases = new ArrayList<>();
        for (CellType cell : cells) {
            if (shape != null) {
                cases.add(BenchCase.parse(cell, shape));
            } else {
                BenchCase.STANDARD_SHAPES.forEach(s -> cases.add(BenchCase.of(cell, s)));
            }
        }
        return cases;
    }

    /** The kernel's name, with the native library actually mapped into the process when it is native BLAS. */
    static String kernelName(Gemm gemm) {
        if (!gemm.name().contains("native")) {
            return gemm.name();
        }
        try (Stream<String> maps = Files.lines(Paths.get("/proc/self/maps"))) {
            return gemm.name() + maps.map(l -> l.substring(l.lastIndexOf(' ') + 1))
                    .filter(p -> p.contains("blas") && !p.contains("netlib") && p.startsWith("/"))
                    .map(p -> Paths.get(p).getParent().getFileName() + "/" + Paths.get(p).getFileName())
                    .distinct().sorted().reduce((a, b) -> a + "," + b).map(s -> "(" + s + ")").orElse("");
        } catch (IOException | RuntimeException e) {
            return gemm.name();
        }
    }

    private static void warnIfBlasThreadsDiffer(Gemm gemm, int threads) {
        String omp = System.getenv("OMP_NUM_THREADS");
        boolean blasOnly = gemm.name().startsWith("netlib-");
        if (blasOnly && (omp == null || !omp.trim().equals(Integer.toString(threads)))) {
            System.err.println("bench: OMP_NUM_THREADS=" + omp + " but --threads " + threads
                    + "; native OpenBLAS uses OMP_NUM_THREADS (bench-engine.sh sets it)");
        }
    }

    private static String usage() {
        return String.join("\n",
                "usage: sparkcast bench [--threads N] [--cell lstm|gru|rnn_tanh[,...]] [--shape I,H,L,B,T]",
                "                       [--torch auto|off] [--python PATH] [--torch-script PATH]",
                "                       [--torch-omp-wait-policy active|passive] (default: PyTorch's own)",
                "                       [--warmup-seconds S] [--repeats N] [--block-seconds S]",
                "                       [--kernel auto|hybrid|native|vector|netlib-java|java]",
                "times forward + backward + Adam on one window (MSE over all steps); no --shape: the four",
                "standard shapes 8,64,1,64,50  16,128,1,128,50  16,128,2,128,50  32,256,1,128,50.",
                "Prints one JSON object per case; with torch present also PyTorch's figures and the ratio.");
    }
}
