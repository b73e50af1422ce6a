package org.sparkcast.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
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
 * (v3: the epoch awaiting validation; v4: the direct objective, a flag then H, Y, the quantile levels and the naive skip). Arrays are a length (-1 for null) followed
 * by the values. Written and read only by {@link CheckpointStore}.
 */
final class ProgressCodec {
    static final String MAGIC = "SPARKCAST-CKPT";
    static final int VERSION = 4;
    /**
     * Version 2 lacks the epoch awaiting validation (it never had one), version 3 the training objective (its runs
     * were all one-step); both are still read.
     */
    private static final int OLDEST_READABLE = 2;

    private ProgressCodec() {
    }

    static void write(DataOutputStream out, TrainingProgress p, TrainingSettings s) throws IOException {
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
        }
    }

    static TrainingProgress read(DataInputStream in, String source) throws IOException {
        String magic = in.readUTF();
        int version = in.readInt();
        if (!MAGIC.equals(magic) || version < OLDEST_READABLE || version > VERSION) {
            throw new IOException(source + ": not a Sparkcast checkpoint of version " + OLDEST_READABLE + " to " + VERSION
                    + " (found '" + magic + "' v" + version + ")");
        }
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
        p.best = in.readBoolean() ? readModel(in) : null;
        p.bestValidationLoss = in.readDouble();
        p.bestEpoch = in.readInt();
        p.epochsSinceBest = in.readInt();
        int epochs = in.readInt();
        for (int i = 0; i < epochs; i++) {
            p.history.add(new EpochRecord(in.readInt(), in.readDouble(), in.readDouble(), in.readLong()));
        }
        p.failures.addAll(readStrings(in));
        p.finished = in.readBoolean();
        byte[] data = new byte[in.readInt()];
        in.readFully(data);
        p.dataDescription = new String(data, java.nio.charset.StandardCharsets.UTF_8);
        if (version >= 3 && in.readBoolean()) {
            p.awaitingValidation = new EpochRecord(in.readInt(), in.readDouble(), Double.NaN, in.readLong());
        }
        if (version >= 4 && in.readBoolean()) {
            p.settings = settings.withDirect(new HorizonLoss(in.readInt(), in.readInt(), readArray(in), in.readBoolean()));
        }
        return p;
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
        NetworkSpec n = new NetworkSpec(CellType.valueOf(in.readUTF()), in.readInt(), in.readInt(), in.readInt(),
                Directionality.valueOf(in.readUTF()), in.readInt(), LossKind.valueOf(in.readUTF()));
        Optimizer.Kind kind = Optimizer.Kind.valueOf(in.readUTF());
        LearningRateSchedule schedule = new LearningRateSchedule(in.readFloat(), in.readLong(), in.readDouble(), in.readLong());
        float momentum = in.readFloat();
        float weightDecay = in.readFloat();
        GradientClipper.Mode clip = GradientClipper.Mode.valueOf(in.readUTF());
        float clipNorm = in.readFloat();
        long seed = in.readLong();
        SyncMode sync = SyncMode.valueOf(in.readUTF());
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
        return new ModelState(readArray(in), readMatrix(in), in.readLong());
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
        int n = in.readInt();
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
        int n = in.readInt();
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
        int n = in.readInt();
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(in.readUTF());
        }
        return out;
    }
}
