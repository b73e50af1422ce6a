package org.sparkcast.train;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import org.sparkcast.engine.CellType;
import org.sparkcast.engine.Directionality;
import org.sparkcast.engine.GradientClipper;
import org.sparkcast.engine.HorizonLoss;
import org.sparkcast.engine.LearningRateSchedule;
import org.sparkcast.engine.LossKind;
import org.sparkcast.engine.NetworkSpec;
import org.sparkcast.engine.Optimizer;

/**
 * The checkpoint format (big-endian, {@link DataOutputStream}): magic {@code SPARKCAST-CKPT}, version,
 * the settings, then every field of {@link TrainingProgress}; fields added by later versions are appended at the end
 * (v3: the epoch awaiting validation; v4: the direct objective, a flag then H, Y, the quantile levels and the naive skip;
 * v6: the direct objective's label weights, an array or null). Arrays are a length (-1 for null) followed
 * by the values. Written and read only by {@link CheckpointStore}.
 *
 * <p>Version 5 adds a trailer: the CRC32C ({@link CRC32C}, as an int) of every byte before it, magic and version
 * included, so a flipped bit anywhere — parameters, a length, the header — is a mismatch rather than a different
 * model resumed in silence (a checkpoint is resumed bit for bit, so nothing else would notice). The trailer is
 * checked before anything is decoded. Versions 2-4 have no trailer and are still read.
 *
 * <p>Whatever the bytes, reading fails with an {@link IOException} and never allocates more than the file holds:
 * every length is checked against the bytes left before an array is made (a corrupted length of an old checkpoint
 * must not end the driver with an {@link OutOfMemoryError}), an enum name that is no constant and a boolean that
 * is neither 0 nor 1 are refused, and the fields must end exactly where the file (or its trailer) does.
 */
final class ProgressCodec {
    static final String MAGIC = "SPARKCAST-CKPT";
    static final int VERSION = 6;
    /**
     * Version 2 lacks the epoch awaiting validation (it never had one), version 3 the training objective (its runs
     * were all one-step), version 4 the checksum, version 5 the label weights (its runs had none); all are still read.
     */
    private static final int OLDEST_READABLE = 2;
    /** The first version with the CRC32C trailer. */
    private static final int CHECKSUMMED = 5;
    private static final int TRAILER_BYTES = 4;

    private ProgressCodec() {
    }

    /** Writes {@code p} and its settings, then the CRC32C of everything written. Leaves {@code out} open. */
    static void write(DataOutputStream out, TrainingProgress p, TrainingSettings s) throws IOException {
        CRC32C crc = new CRC32C();
        DataOutputStream body = new DataOutputStream(new CheckedOutputStream(out, crc)); // not closed: that would close out
        writeBody(body, p, s);
        body.flush();
        out.writeInt((int) crc.getValue());
    }

    private static void writeBody(DataOutputStream out, TrainingProgress p, TrainingSettings s) throws IOException {
        out.writeUTF(MAGIC);
        out.writeInt(VERSION);
        writeSettings(out, s);
        out.writeInt(p.epoch);
        out.writeLong(p.nextWindow);
        out.writeLong(p.rounds);
        writeModel(out, p.model);
        writeMatrix(out, p.carriedH);
        writeMatrix(out, p.carriedC);
        out.writeDouble(p.epochWeightedLoss);
        out.writeLong(p.epochValidSteps);
        out.writeLong(p.epochWindows);
        out.writeBoolean(p.best != null);
        if (p.best != null) {
            writeModel(out, p.best);
        }
        out.writeDouble(p.bestValidationLoss);
        out.writeInt(p.bestEpoch);
        out.writeInt(p.epochsSinceBest);
        out.writeInt(p.history.size());
        for (EpochRecord e : p.history) {
            out.writeInt(e.epoch());
            out.writeDouble(e.trainLoss());
            out.writeDouble(e.validationLoss());
            out.writeLong(e.windows());
        }
        writeStrings(out, p.failures);
        out.writeBoolean(p.finished);
        byte[] data = p.dataDescription.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(data.length);
        out.write(data);
        out.writeBoolean(p.awaitingValidation != null);
        if (p.awaitingValidation != null) {
            out.writeInt(p.awaitingValidation.epoch());
            out.writeDouble(p.awaitingValidation.trainLoss());
            out.writeLong(p.awaitingValidation.windows());
        }
        HorizonLoss direct = s.direct();                                // version 4: the objective, appended
        out.writeBoolean(direct != null);
        if (direct != null) {
            out.writeInt(direct.horizon());
            out.writeInt(direct.targets());
            writeArray(out, direct.quantiles());
            out.writeBoolean(direct.naiveSkip());
            writeArray(out, direct.weights());                          // version 6
        }
    }

    /**
     * Reads a whole checkpoint file. Throws {@link IOException} (the reason, without the file's name) for anything
     * but an intact checkpoint of a readable version.
     */
    static TrainingProgress read(byte[] file) throws IOException {
        if (file.length == 0) {
            throw new IOException("empty file");
        }
        DataInputStream header = new DataInputStream(new ByteArrayInputStream(file));
        String magic;
        int version;
        try {
            magic = header.readUTF();
            version = header.readInt();
        } catch (EOFException e) {
            throw new IOException("truncated: " + file.length + " bytes, shorter than the header", e);
        }
        if (!MAGIC.equals(magic) || version < OLDEST_READABLE || version > VERSION) {
            throw new IOException("not a Sparkcast checkpoint of version " + OLDEST_READABLE + " to " + VERSION
                    + " (found '" + printable(magic) + "' v" + version + ")");
        }
        int end = file.length;
        if (version >= CHECKSUMMED) {
            end -= TRAILER_BYTES;
            if (end < 0) {
                throw new IOException("truncated: " + file.length + " bytes, no room for the checksum");
            }
            CRC32C crc = new CRC32C();
            crc.update(file, 0, end);
            int stored = ByteBuffer.wrap(file, end, TRAILER_BYTES).getInt();
            if (stored != (int) crc.getValue()) {
                throw new IOException(String.format(java.util.Locale.ROOT, "checksum mismatch (CRC32C stored %08x, computed %08x)",
                        stored, (int) crc.getValue()));
            }
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(file, 0, end));
        try {
            in.skipNBytes(file.length - header.available()); // past magic and version
            TrainingProgress p = readFields(in, version);
            if (in.available() != 0) {
                throw new IOException(in.available() + " unexpected bytes after the last field");
            }
            return p;
        } catch (EOFException e) {
            throw new IOException("truncated: the fields run past the end of the file", e);
        } catch (RuntimeException e) { // a value the classes refuse (a shape, a non-positive size): corrupt, not a bug here
            throw new IOException("malformed: " + e.getMessage(), e);
        }
    }

    private static TrainingProgress readFields(DataInputStream in, int version) throws IOException {
        TrainingSettings settings = readSettings(in);
        TrainingProgress p = new TrainingProgress(null);
        p.settings = settings;
        p.epoch = in.readInt();
        p.nextWindow = in.readLong();
        p.rounds = in.readLong();
        p.model = readModel(in);
        p.carriedH = readMatrix(in);
        p.carriedC = readMatrix(in);
        p.epochWeightedLoss = in.readDouble();
        p.epochValidSteps = in.readLong();
        p.epochWindows = in.readLong();
        p.best = readBoolean(in) ? readModel(in) : null;
        p.bestValidationLoss = in.readDouble();
        p.bestEpoch = in.readInt();
        p.epochsSinceBest = in.readInt();
        int epochs = length(in, 4 + 8 + 8 + 8, "the history");
        for (int i = 0; i < epochs; i++) {
            p.history.add(new EpochRecord(in.readInt(), in.readDouble(), in.readDouble(), in.readLong()));
        }
        p.failures.addAll(readStrings(in));
        p.finished = readBoolean(in);
        byte[] data = new byte[length(in, 1, "the data description")];
        in.readFully(data);
        p.dataDescription = new String(data, java.nio.charset.StandardCharsets.UTF_8);
        if (version >= 3 && readBoolean(in)) {
            p.awaitingValidation = new EpochRecord(in.readInt(), in.readDouble(), Double.NaN, in.readLong());
        }
        if (version >= 4 && readBoolean(in)) {
            p.settings = settings.withDirect(new HorizonLoss(in.readInt(), in.readInt(), readArray(in), readBoolean(in),
                    version >= 6 ? readArray(in) : null));
        }
        return p;
    }

    /**
     * A count of elements of at least {@code elementBytes} bytes each, checked against the bytes left, so that no
     * corrupted count allocates more than the file holds.
     */
    private static int length(DataInputStream in, int elementBytes, String what) throws IOException {
        int n = in.readInt();
        if (n < 0 || (long) n * elementBytes > in.available()) {
            throw new IOException("length " + n + " of " + what + " is impossible with " + in.available() + " bytes left");
        }
        return n;
    }

    /** Like {@link #length} for an array written with -1 for null. */
    private static int lengthOrNull(DataInputStream in, int elementBytes, String what) throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return -1;
        }
        if (n < 0 || (long) n * elementBytes > in.available()) {
            throw new IOException("length " + n + " of " + what + " is impossible with " + in.available() + " bytes left");
        }
        return n;
    }

    private static boolean readBoolean(DataInputStream in) throws IOException {
        int b = in.readUnsignedByte();
        if (b > 1) {
            throw new IOException("a flag holds " + b + ", not 0 or 1");
        }
        return b == 1;
    }

    private static <E extends Enum<E>> E readEnum(DataInputStream in, Class<E> type) throws IOException {
        String name = in.readUTF();
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new IOException("unknown " + type.getSimpleName() + " '" + printable(name) + "'");
    }

    /** {@code s} cut to 40 characters, control characters shown as '?', for a message about corrupt bytes. */
    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    private static void writeSettings(DataOutputStream out, TrainingSettings s) throws IOException {
        NetworkSpec n = s.network();
        out.writeUTF(n.cell().name());
        out.writeInt(n.inputSize());
        out.writeInt(n.hiddenSize());
        out.writeInt(n.layers());
        out.writeUTF(n.directionality().name());
        out.writeInt(n.outputSize());
        out.writeUTF(n.loss().name());
        out.writeUTF(s.optimizer().name());
        out.writeFloat(s.schedule().base());
        out.writeLong(s.schedule().warmupSteps());
        out.writeDouble(s.schedule().decay());
        out.writeLong(s.schedule().decaySteps());
        out.writeFloat(s.momentum());
        out.writeFloat(s.weightDecay());
        out.writeUTF(s.clipMode().name());
        out.writeFloat(s.clipNorm());
        out.writeLong(s.seed());
        out.writeUTF(s.sync().name());
        out.writeInt(s.syncWindows());
        out.writeInt(s.epochs());
        out.writeInt(s.patience());
    }

    private static TrainingSettings readSettings(DataInputStream in) throws IOException {
        NetworkSpec n = new NetworkSpec(readEnum(in, CellType.class), in.readInt(), in.readInt(), in.readInt(),
                readEnum(in, Directionality.class), in.readInt(), readEnum(in, LossKind.class));
        Optimizer.Kind kind = readEnum(in, Optimizer.Kind.class);
        LearningRateSchedule schedule = new LearningRateSchedule(in.readFloat(), in.readLong(), in.readDouble(), in.readLong());
        float momentum = in.readFloat();
        float weightDecay = in.readFloat();
        GradientClipper.Mode clip = readEnum(in, GradientClipper.Mode.class);
        float clipNorm = in.readFloat();
        long seed = in.readLong();
        SyncMode sync = readEnum(in, SyncMode.class);
        int syncWindows = in.readInt();
        int epochs = in.readInt();
        int patience = in.readInt();
        return new TrainingSettings(n, kind, schedule, momentum, weightDecay, clip, clipNorm, seed, sync, syncWindows, epochs,
                patience);
    }

    private static void writeModel(DataOutputStream out, ModelState m) throws IOException {
        writeArray(out, m.params());
        writeMatrix(out, m.optimizerState());
        out.writeLong(m.step());
    }

    private static ModelState readModel(DataInputStream in) throws IOException {
        float[] params = readArray(in);
        float[][] optimizerState = readMatrix(in);
        if (params == null || optimizerState == null) {
            throw new IOException("a model without " + (params == null ? "parameters" : "optimizer state"));
        }
        return new ModelState(params, optimizerState, in.readLong());
    }

    private static void writeArray(DataOutputStream out, float[] a) throws IOException {
        out.writeInt(a == null ? -1 : a.length);
        if (a != null) {
            for (float v : a) {
                out.writeFloat(v);
            }
        }
    }

    private static float[] readArray(DataInputStream in) throws IOException {
        int n = lengthOrNull(in, 4, "an array");
        if (n < 0) {
            return null;
        }
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readFloat();
        }
        return a;
    }

    private static void writeMatrix(DataOutputStream out, float[][] m) throws IOException {
        out.writeInt(m == null ? -1 : m.length);
        if (m != null) {
            for (float[] row : m) {
                writeArray(out, row);
            }
        }
    }

    private static float[][] readMatrix(DataInputStream in) throws IOException {
        int n = lengthOrNull(in, 4, "a matrix"); // every row has at least its length
        if (n < 0) {
            return null;
        }
        float[][] m = new float[n][];
        for (int i = 0; i < n; i++) {
            m[i] = readArray(in);
        }
        return m;
    }

    private static void writeStrings(DataOutputStream out, List<String> strings) throws IOException {
        out.writeInt(strings.size());
        for (String s : strings) {
            out.writeUTF(s.length() > 20_000 ? s.substring(0, 20_000) : s);
        }
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        int n = length(in, 2, "the failures"); // every string has at least its length
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(in.readUTF());
        }
        return out;
    }
}
