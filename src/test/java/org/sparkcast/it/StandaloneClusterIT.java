package org.sparkcast.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster (a Master and two Workers, separate JVMs, built from Spark's Maven
 * artifacts by submit-scripts/standalone-cluster.sh) reads, windows and trains on generated CSV files through
 * submit-cluster.sh / SparkSubmit, and the model it writes is bit-identical to the one local mode writes for
 * the same config.
 */
class StandaloneClusterIT {
    @TempDir
    static Path tmp;
    private static String master;
    private static String clusterDir;

    @BeforeAll
    static void startCluster() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        master = "spark://127.0.0.1:" + port;
        clusterDir = tmp.resolve("cluster").toString();
        List<String> cmd = List.of("bash", Processes.script("standalone-cluster.sh"), "start", "--workers", "2", "--cores", "1", "--memory", "1g");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Processes.ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("start.log").toFile());
        pb.environment().put("SPARKCAST_MASTER_PORT", Integer.toString(port));
        pb.environment().put("SPARKCAST_CLUSTER_DIR", clusterDir);
        Process p = pb.start();
        assertTrue(p.waitFor(180, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0,
                "cluster did not start:\n" + Processes.tail(tmp.resolve("start.log")));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", Processes.script("standalone-cluster.sh"), "stop")
                .directory(Processes.ROOT.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("stop.log").toFile());
        pb.environment().put("SPARKCAST_CLUSTER_DIR", clusterDir);
        pb.start().waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void clusterTrainsTheSameModelAsLocalMode() throws Exception {
        Path data = tmp.resolve("generated");
        Processes.run(Processes.sparkcast("generate", "--out", data.toString(), "--series", "4", "--steps", "600"),
                tmp.resolve("generate.log"), 300);
        String[] common = {"--config", "conf/local.properties", "--set", "train.epochs=3",
            "--set", "data.paths=" + data + "/*.csv"};
        Path clusterModel = tmp.resolve("model-cluster");
        List<String> submit = new ArrayList<>(List.of("bash", Processes.script("submit-cluster.sh"), "--master", master,
                "--executor-memory", "768m", "--", "train"));
        submit.addAll(List.of(common));
        submit.addAll(List.of("--set", "train.model-dir=" + clusterModel, "--set", "train.checkpoint-dir=" + tmp.resolve("ckpt-cluster"),
                "--set", "data.output=" + tmp.resolve("out-cluster")));
        Processes.run(submit, tmp.resolve("submit.log"), 300);
        String log = Files.readString(tmp.resolve("submit.log"));
        assertTrue(log.contains("written to " + clusterModel), Processes.tail(tmp.resolve("submit.log")));
        for (String worker : List.of("worker-1", "worker-2")) {
            try (var apps = Files.list(Path.of(clusterDir, "work", worker))) {
                assertTrue(apps.anyMatch(a -> a.getFileName().toString().startsWith("app-")),
                        worker + " launched no executor for the application");
            }
        }

        Path localModel = tmp.resolve("model-local");
        List<String> local = new ArrayList<>(List.of("train"));
        local.addAll(List.of(common));
        local.addAll(List.of("--set", "train.master=local[2]", "--set", "train.model-dir=" + localModel,
                "--set", "train.checkpoint-dir=" + tmp.resolve("ckpt-local"), "--set", "data.output=" + tmp.resolve("out-local")));
        Processes.run(Processes.sparkcast(local.toArray(new String[0])), tmp.resolve("local.log"), 300);

        assertArrayEquals(Processes.currentParams(localModel), Processes.currentParams(clusterModel),
                "cluster and local-mode models differ");
        printRounds("2 workers x 1 core", tmp.resolve("submit.log"));
        printRounds("local[2]", tmp.resolve("local.log"));
    }

    /**
     * Prints the trainer's round lines of {@code log} (broadcast, slowest partition's compute, and the rest: scheduling,
     * task launch, results, averaging): with this test's tiny rounds the rest is the fixed cost of a round, the
     * 2-worker point of docs/cost-model.md.
     */
    private static void printRounds(String label, Path log) throws java.io.IOException {
        for (String line : Files.readAllLines(log)) {
            int at = line.indexOf("DistributedTrainer: round ");
            if (at >= 0) {
                System.out.println("StandaloneClusterIT, " + label + ": " + line.substring(at + "DistributedTrainer: ".length()));
            }
        }
    }
}
