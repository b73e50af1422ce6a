package org.sparkcast.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkcast.LogCapture;

/** One run per checkpoint directory: a live holder is refused by name, a holder that is gone is taken over. */
class RunLockTest {
    @TempDir
    Path dir;

    private RunLock acquire() {
        return RunLock.acquire(dir.toString(), new Configuration(), "sparkcast train --fresh");
    }

    /** A lock file as another process writes it. */
    private void lockOf(String host, long pid, String processStart) throws Exception {
        List<String> lines = new java.util.ArrayList<>(List.of("user=someone", "host=" + host, "pid=" + pid,
                "start=2026-12-01T10:00:00Z", "command=sparkcast train"));
        if (processStart != null) {
            lines.add("process-start=" + processStart);
        }
        Files.write(dir.resolve(RunLock.FILE), lines);
    }

    /** A pid that no process has now: a process that ran and ended. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        assertFalse(ProcessHandle.of(p.pid()).isPresent() && ProcessHandle.of(p.pid()).get().isAlive());
        return p.pid();
    }

    @Test
    void recordsTheHolderAndRemovesTheLockWhenClosed() throws Exception {
        try (RunLock lock = acquire()) {
            Properties p = new Properties();
            p.load(Files.newBufferedReader(dir.resolve(RunLock.FILE)));
            assertEquals(System.getProperty("user.name"), p.getProperty("user"));
            assertEquals(RunLock.thisHost(), p.getProperty("host"));
            assertEquals(String.valueOf(ProcessHandle.current().pid()), p.getProperty("pid"));
            assertTrue(p.getProperty("start").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), p.getProperty("start"));
            assertEquals("sparkcast train --fresh", p.getProperty("command"));
            assertTrue(lock.tookOverFrom().isEmpty());
        }
        assertFalse(Files.exists(dir.resolve(RunLock.FILE)));
    }

    @Test
    void secondRunIsRefusedNamingTheLiveHolder() throws Exception {
        try (RunLock first = acquire()) {
            byte[] held = Files.readAllBytes(dir.resolve(RunLock.FILE));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, this::acquire);
            String holder = System.getProperty("user.name") + "@" + RunLock.thisHost() + " pid " + ProcessHandle.current().pid() + " since ";
            assertTrue(e.getMessage().startsWith("checkpoint directory " + dir + " is in use by another run: " + holder), e.getMessage());
            assertTrue(e.getMessage().endsWith("; wait for it to end or, if that process is gone, delete " + dir.resolve(RunLock.FILE)),
                    e.getMessage());
            assertTrue(Files.exists(dir.resolve(RunLock.FILE)), "the refused run removed the holder's lock");
            assertEquals(new String(held), Files.readString(dir.resolve(RunLock.FILE)));
        }
    }

    @Test
    void lockOfADeadProcessOnThisHostIsTakenOverWithAWarning() throws Exception {
        long dead = deadPid();
        lockOf(RunLock.thisHost(), dead, null);
        try (LogCapture log = LogCapture.of(RunLock.class); RunLock lock = acquire()) {
            assertEquals("someone@" + RunLock.thisHost() + " pid " + dead + " since 2026-12-01T10:00:00Z (sparkcast train)",
                    lock.tookOverFrom().orElseThrow());
            assertEquals(List.of("WARN took over the lock " + dir.resolve(RunLock.FILE) + " left by a run that is gone: "
                    + lock.tookOverFrom().get()), log.at("WARN"));
            assertTrue(Files.readString(dir.resolve(RunLock.FILE)).contains("pid=" + ProcessHandle.current().pid()));
        }
    }

    @Test
    void lockOfAReusedPidIsTakenOver() throws Exception {
        // this JVM's pid, but recorded for a process started long ago: the holder died and its pid went to this JVM
        lockOf(RunLock.thisHost(), ProcessHandle.current().pid(), "2001-01-01T00:00:00Z");
        try (RunLock lock = acquire()) {
            assertTrue(lock.tookOverFrom().isPresent());
        }
    }

    @Test
    void lockOfAnotherHostIsNeverTakenOver() throws Exception {
        lockOf("elsewhere.example", deadPid(), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, this::acquire);
        assertTrue(e.getMessage().contains("in use by another run: someone@elsewhere.example pid "), e.getMessage());
        assertTrue(Files.exists(dir.resolve(RunLock.FILE)));
    }

    @Test
    void anUnreadableLockIsRefusedNotTakenOver() throws Exception {
        Files.write(dir.resolve(RunLock.FILE), new byte[0]); // a run between creating the file and writing it
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, this::acquire);
        assertEquals("checkpoint directory " + dir + " is locked by " + dir.resolve(RunLock.FILE) + ", which names no run "
                + "(being written, or damaged); if no run uses the directory, delete that file", e.getMessage());
    }

    @Test
    void closeLeavesALockThatIsNoLongerThisRuns() throws Exception {
        RunLock lock = acquire();
        lockOf(RunLock.thisHost(), 1, null); // someone replaced it by hand
        lock.close();
        assertTrue(Files.readString(dir.resolve(RunLock.FILE)).contains("pid=1"));
    }
}
