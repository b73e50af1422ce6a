package org.sparkcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the project's scripts and jars as separate processes, as a user would, with their output in a log file. */
final class Processes {
    static final Path ROOT = Paths.get("").toAbsolutePath();

    private Processes() {
    }

    /** {@code java <conf/jvm-options> -jar target/sparkcast.jar args...}. */
    static List<String> sparkcast(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        for (String line : Files.readAllLines(ROOT.resolve("conf/jvm-options"))) {
            if (!line.isBlank() && !line.trim().startsWith("#")) {
                cmd.add(line.trim());
            }
        }
        cmd.add("-Dlog4j2.configurationFile=" + ROOT.resolve("conf/log4j2.properties"));
        cmd.add("-jar");
        cmd.add(ROOT.resolve("target/sparkcast.jar").toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    static Process start(List<String> cmd, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    /** Runs to completion within {@code seconds}; fails with the log's tail on a non-zero exit. */
    static void run(List<String> cmd, Path log, int seconds) throws Exception {
        Process p = start(cmd, log);
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out after " + seconds + " s: " + cmd + "\n" + tail(log));
        }
        assertEquals(0, p.exitValue(), () -> "exit code of " + cmd + "\n" + tail(log));
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The parameters of the current version of the model directory {@code model} (the version CURRENT names). */
    static byte[] currentParams(Path model) throws IOException {
        String current = Files.readString(model.resolve("CURRENT")).trim();
        return Files.readAllBytes(model.resolve("versions").resolve(current).resolve("params.bin"));
    }

    static String script(String name) {
        return ROOT.resolve("submit-scripts").resolve(name).toString();
    }

    static File file(Path p) {
        return p.toFile();
    }
}
