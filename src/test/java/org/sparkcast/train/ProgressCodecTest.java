package org.sparkcast.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The checkpoint format: version 3 keeps an epoch awaiting validation; version 2 checkpoints are still read. */
class ProgressCodecTest {
    private static final TrainingSettings SETTINGS = TrainingFixtures.adam(SyncMode.EPOCH, 0, 3);

    private static byte[] write(TrainingProgress p) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            ProgressCodec.write(out, p, SETTINGS);
        }
        return bytes.toByteArray();
    }

    private static TrainingProgress read(byte[] bytes) throws IOException {
        return ProgressCodec.read(new DataInputStream(new ByteArrayInputStream(bytes)), "test");
    }

    private static TrainingProgress progress() {
        TrainingProgress p = new TrainingProgress(ModelState.initial(SETTINGS));
        p.epoch = 2;
        p.rounds = 1;
        p.history.add(new EpochRecord(1, 0.5, 0.25, 10));
        return p;
    }

    @Test
    void keepsTheEpochAwaitingValidation() throws IOException {
        TrainingProgress p = progress();
        p.awaitingValidation = new EpochRecord(2, 0.125, Double.NaN, 12);
        EpochRecord read = read(write(p)).awaitingValidation;
        assertEquals(2, read.epoch());
        assertEquals(0.125, read.trainLoss());
        assertEquals(12, read.windows());
        assertTrue(Double.isNaN(read.validationLoss()));
    }

    @Test
    void readsVersion2And3Checkpoints() throws IOException {
        byte[] v4 = write(progress()); // one-step, no epoch awaiting validation: v4 is v3 plus a trailing 'false', v3 is v2 plus one
        int versionAt = 2 + "SPARKCAST-CKPT".length();
        assertEquals(ProgressCodec.VERSION, ByteBuffer.wrap(v4, versionAt, 4).getInt());
        for (int version : new int[] {3, 2}) {
            byte[] old = Arrays.copyOf(v4, v4.length - (4 - version));
            ByteBuffer.wrap(old, versionAt, 4).putInt(version);
            TrainingProgress read = read(old);
            assertNull(read.awaitingValidation);
            assertNull(read.checkpointSettings().direct(), "version " + version + " runs were one-step");
            assertEquals(2, read.epoch());
            assertEquals("[epoch 1: train 0.500000, validation 0.250000, 10 windows]", read.history().toString());
        }
        byte[] v1 = Arrays.copyOf(v4, v4.length - 2);
        ByteBuffer.wrap(v1, versionAt, 4).putInt(1);
        IOException old = assertThrows(IOException.class, () -> read(v1));
        assertTrue(old.getMessage().contains("version 2 to 4"), old.getMessage());
    }
}
