package org.sparkcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code standalone-cluster.sh} knows its own Master: it refuses a port another program holds (rather than letting
 * its Workers join a foreign Master), and {@code stop} stops only daemons it started.
 */
class ClusterScriptIT {

    private static Process script(Path state, int port, Path log, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", Processes.script("standalone-cluster.sh")));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Processes.ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("SPARKCAST_CLUSTER_DIR", state.toString());
        pb.environment().put("SPARKCAST_MASTER_PORT", Integer.toString(port));
        return pb.start();
    }

    @Test
    void startRefusesAPortAnotherProgramHolds(@TempDir Path tmp) throws Exception {
        try (ServerSocket foreign = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Path log = tmp.resolve("start.log");
            Process start = script(tmp.resolve("cluster"), foreign.getLocalPort(), log, "start", "--workers", "1");
            assertTrue(start.waitFor(120, TimeUnit.SECONDS));
            String out = Files.readString(log);
            assertEquals(1, start.exitValue(), out);
            assertTrue(out.contains("port " + foreign.getLocalPort() + " on 127.0.0.1 is taken") && out.contains("SPARKCAST_MASTER_PORT"),
                    out);
            assertFalse(Files.exists(tmp.resolve("cluster/master.pid")), "no Master started");
        }
    }

    @Test
    void stopLeavesAProcessItDidNotStartAlone(@TempDir Path tmp) throws Exception {
        Process stranger = new ProcessBuilder("sleep", "120").start();
        try {
            Path state = Files.createDirectories(tmp.resolve("cluster"));
            Files.writeString(state.resolve("master.pid"), Long.toString(stranger.pid()));
            Path log = tmp.resolve("stop.log");
            Process stop = script(state, 7077, log, "stop");
            assertTrue(stop.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, stop.exitValue(), Files.readString(log));
            assertTrue(stranger.isAlive(), "a pid file naming a process of someone else does not get it killed");
            assertTrue(Files.readString(log).contains("left pid " + stranger.pid() + " alone"), Files.readString(log));
        } finally {
            stranger.destroy();
        }
    }
}
