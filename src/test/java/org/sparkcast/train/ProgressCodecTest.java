package org.sparkcast.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.sparkcast.engine.HorizonLoss;

/**
 * The checkpoint format: version 3 keeps an epoch awaiting validation; versions 2-5 are still read, version 6 keeps the
 * direct objective's label weights; version 5's
 * checksum refuses every flipped bit and every truncation; no corrupted length of an unchecksummed checkpoint
 * allocates more than the file holds.
 */
class ProgressCodecTest {
    private static final TrainingSettings SETTINGS = TrainingFixtures.adam(SyncMode.EPOCH, 0, 3);
    private static final int VERSION_AT = 2 + "SPARKCAST-CKPT".length();
    private static final int TRAILER = 4;

    private static byte[] write(TrainingProgress p) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            ProgressCodec.write(out, p, SETTINGS);
        }
        return bytes.toByteArray();
    }

    private static TrainingProgress read(byte[] bytes) throws IOException {
        return ProgressCodec.read(bytes);
    }

    private static TrainingProgress progress() {
        TrainingProgress p = new TrainingProgress(ModelState.initial(SETTINGS));
        p.epoch = 2;
        p.rounds = 1;
        p.history.add(new EpochRecord(1, 0.5, 0.25, 10));
        p.dataDescription = "synthetic; partitions=2";
        p.failures.add("partition 1: non-finite loss");
        return p;
    }

    /** The version 4 bytes of {@link #progress()}: version 5 without its trailer. */
    private static byte[] version4() throws IOException {
        byte[] v4 = Arrays.copyOf(write(progress()), write(progress()).length - TRAILER);
        ByteBuffer.wrap(v4, VERSION_AT, 4).putInt(4);
        return v4;
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
    void readsVersion2To4Checkpoints() throws IOException {
        byte[] v5 = write(progress());
        assertEquals(ProgressCodec.VERSION, ByteBuffer.wrap(v5, VERSION_AT, 4).getInt());
        // one-step, no epoch awaiting validation: v4 is v5 without the checksum, v3 is v4 less a trailing 'false', v2 v3 less one
        for (int version : new int[] {4, 3, 2}) {
            byte[] old = Arrays.copyOf(v5, v5.length - TRAILER - (4 - version));
            ByteBuffer.wrap(old, VERSION_AT, 4).putInt(version);
            TrainingProgress read = read(old);
            assertNull(read.awaitingValidation);
            assertNull(read.checkpointSettings().direct(), "version " + version + " runs were one-step");
            assertEquals(2, read.epoch());
            assertEquals("[epoch 1: train 0.500000, validation 0.250000, 10 windows]", read.history().toString());
            DistributedTrainerTest.assertBitIdentical(progress().model.params(), read.model().params(), "version " + version);
        }
        byte[] v1 = Arrays.copyOf(v5, v5.length - TRAILER - 2);
        ByteBuffer.wrap(v1, VERSION_AT, 4).putInt(1);
        IOException old = assertThrows(IOException.class, () -> read(v1));
        assertTrue(old.getMessage().contains("version 2 to 6"), old.getMessage());
    }

    /** Version 5 wrote the direct objective without label weights: v6 with null weights, less their length (-1), re-checksummed. */
    @Test
    void readsAVersion5DirectCheckpointAsUnweighted() throws IOException {
        HorizonLoss direct = new HorizonLoss(1, 1, new float[0], true);   // the settings' network has one output
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            ProgressCodec.write(out, progress(), SETTINGS.withDirect(direct));
        }
        byte[] v6 = bytes.toByteArray();
        byte[] v5 = Arrays.copyOf(v6, v6.length - 4);
        ByteBuffer.wrap(v5, VERSION_AT, 4).putInt(5);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(v5, 0, v5.length - TRAILER);                          // the v6 body less the weights' -1
        ByteBuffer.wrap(v5, v5.length - TRAILER, 4).putInt((int) crc.getValue());
        assertEquals(direct, read(v5).checkpointSettings().direct());

        float[] weights = {0.75f};
        bytes.reset();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            ProgressCodec.write(out, progress(), SETTINGS.withDirect(direct.withWeights(weights)));
        }
        assertArrayEquals(weights, read(bytes.toByteArray()).checkpointSettings().direct().weights(), "version 6 keeps the weights");
    }

    @Test
    void refusesEveryFlippedBit() throws IOException {
        byte[] intact = write(progress());
        read(intact);
        for (int i = 0; i < intact.length; i++) {
            for (int bit = 0; bit < 8; bit += 3) {
                byte[] flipped = intact.clone();
                flipped[i] ^= (byte) (1 << bit);
                int at = i;
                int b = bit;
                assertThrows(IOException.class, () -> read(flipped), () -> "bit " + b + " of byte " + at + " of " + intact.length);
            }
        }
    }

    @Test
    void refusesEveryTruncation() throws IOException {
        byte[] intact = write(progress());
        for (int n = 0; n < intact.length; n++) {
            byte[] cut = Arrays.copyOf(intact, n);
            int length = n;
            assertThrows(IOException.class, () -> read(cut), () -> "first " + length + " bytes");
        }
    }

    @Test
    void corruptedLengthsOfAnUnchecksummedCheckpointNeverAllocateMoreThanTheFile() throws IOException {
        byte[] v4 = version4();
        // every int-sized field, lengths included, set to a huge and to a negative value: read, or refused with an
        // IOException, but never an OutOfMemoryError, a NegativeArraySizeException or any other exception
        for (int value : new int[] {0x7ffffff0, 0x00ffffff, -2}) {
            for (int at = VERSION_AT + 4; at + 4 <= v4.length; at++) {
                byte[] bad = v4.clone();
                ByteBuffer.wrap(bad, at, 4).putInt(value);
                try {
                    read(bad);
                } catch (IOException expected) {
                    // refused, as it should be
                } catch (Throwable e) {
                    fail("value " + value + " at byte " + at + " of " + v4.length + ": " + e, e);
                }
            }
        }
    }

    @Test
    void anUnknownCellTypeIsAnIOExceptionNamingIt() throws IOException {
        byte[] v4 = version4();
        int at = indexOf(v4, "LSTM".getBytes(StandardCharsets.US_ASCII));
        v4[at + 3] = 'L';
        IOException e = assertThrows(IOException.class, () -> read(v4));
        assertEquals("unknown CellType 'LSTL'", e.getMessage());
    }

    @Test
    void aFlippedBitInTheParametersIsAChecksumMismatch() throws IOException {
        TrainingProgress p = progress();
        byte[] bytes = write(p);
        int params = indexOf(bytes, ByteBuffer.allocate(8).putInt(p.model.params().length)
                .putFloat(p.model.params()[0]).array()) + 4;
        bytes[params + 4 * (p.model.params().length / 2) + 1] ^= 0x10;
        IOException e = assertThrows(IOException.class, () -> read(bytes));
        assertTrue(e.getMessage().startsWith("checksum mismatch (CRC32C stored "), e.getMessage());
    }

    /** The first index of {@code pattern} in {@code bytes}. */
    static int indexOf(byte[] bytes, byte[] pattern) {
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        throw new AssertionError("pattern not found in " + bytes.length + " bytes");
    }
}
