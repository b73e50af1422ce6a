package org.sparkcast.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The direct multi-horizon objective ({@link HorizonLoss}) through a 2-layer LSTM against PyTorch (schema
 * {@code horizon-reference/1}, written by {@code src/test/python/make_horizon_fixtures.py}, described in
 * {@code fixtures/torch/README.md}): every tBPTT window's loss, prediction, parameter gradients and carried state,
 * and an Adam + clipping trajectory through {@link WindowTrainer}, at the float32 tolerance, with the default GEMM.
 * Shape legend: B lanes, T steps, I inputs, H horizon steps, Y targets, Q quantiles, O = H*Y*Q head outputs.
 * The files are batch-major ({@code labels}, {@code mask} {@code [B][T][H][Y]}); the engine reads {@code [T][B][H*Y]}.
 * They live in {@code fixtures/torch/horizon/}: {@link TorchParityTest} takes every {@code *.json} of
 * {@code fixtures/torch} for an {@code rnn-reference/1} file. {@code -Dsparkcast.fixtures=DIR} looks in DIR
 * (or {@code DIR/horizon}) instead, and skips a file that folder lacks.
 */
class HorizonLossParityTest {
    static final List<String> FILES = List.of("horizon_mse_lstm.json", "horizon_pinball_lstm.json", "horizon_pinball_weighted_lstm.json");

    @TestFactory
    Stream<DynamicTest> windowsMatchPyTorchReference() {
        return FILES.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            Float32Tolerance tol = checkWindows(new Reference(fixture(name)), GemmKernels.defaultKernel());
            System.out.println("horizon parity windows " + tol.summary());
        }));
    }

    @TestFactory
    Stream<DynamicTest> adamTrajectoryMatchesPyTorchReference() {
        return FILES.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            Float32Tolerance tol = checkTrajectory(new Reference(fixture(name)), GemmKernels.defaultKernel());
            System.out.println("horizon parity trajectory " + tol.summary());
        }));
    }

    /** The parity check is not blind to the labels: one changed counted label fails it, a masked one changes nothing. */
    @TestFactory
    Stream<DynamicTest> changedCountedLabelIsCaughtAndMaskedLabelIsIgnored() {
        return FILES.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            Reference ref = new Reference(fixture(name));
            JsonNode first = ref.json.get("windows").get(0);
            int length = first.get("length").asInt();
            float[] labels = ref.slice(ref.labels, 0, length);
            float[] mask = ref.slice(ref.mask, 0, length);
            int counted = indexOf(mask, 1f);
            int masked = indexOf(mask, 0f);
            RecurrentNetwork net = ref.network(GemmKernels.defaultKernel());
            float loss = firstWindow(ref, net, labels, mask, length);
            float[] grads = net.gradients().clone();
            double expected = first.get("loss").asDouble();

            labels[counted] += 0.5f;
            float changed = firstWindow(ref, net, labels, mask, length);
            assertTrue(Math.abs(changed - expected) > Float32Tolerance.ATOL + Float32Tolerance.RTOL * Math.abs(expected),
                    ref.name + ": label " + counted + " changed by 0.5, loss still " + changed + " ~ PyTorch's " + expected);
            labels[counted] -= 0.5f;
            labels[masked] += 100f;
            assertEquals(loss, firstWindow(ref, net, labels, mask, length), ref.name + ": masked label " + masked + " changed the loss");
            assertArrayEquals(grads, net.gradients(), ref.name + ": masked label " + masked + " changed a gradient");
        }));
    }

    /** The bundled files exercise what the objective must get right; a pointed-to folder may hold other draws. */
    @Test
    void bundledFixturesCoverShortLastWindowEmptyRowsAndClipping() throws Exception {
        Assumptions.assumeTrue(System.getProperty(TorchParityTest.FIXTURES_PROPERTY) == null, "checks the bundled files only");
        for (String name : FILES) {
            Reference ref = new Reference(fixture(name));
            assertTrue(ref.steps % ref.window != 0, name + ": T must not be a multiple of the window");
            assertTrue(ref.spec.layers() == 2 && ref.spec.cell() == CellType.LSTM, name + ": a 2-layer LSTM");
            int per = ref.objective.labelsPerRow();
            int emptyRows = 0;
            for (int r = 0; r < ref.steps * ref.batch; r++) {
                float counted = 0;
                for (int j = 0; j < per; j++) {
                    counted += ref.mask[r * per + j];
                }
                emptyRows += counted == 0 ? 1 : 0;
            }
            assertTrue(emptyRows > 0 && emptyRows < ref.steps * ref.batch, name + ": " + emptyRows + " all-masked rows");
        }
        assertEquals(1, new Reference(fixture(FILES.get(0))).objective.outputsPerLabel(), "the MSE file has Q = 1");
        assertTrue(new Reference(fixture(FILES.get(1))).objective.outputsPerLabel() > 1, "the pinball file has Q > 1");
        float[] weights = new Reference(fixture(FILES.get(2))).objective.weights();
        assertTrue(weights != null && weights[0] != weights[1], "the weighted file weighs its labels unequally");
        JsonNode trace = new Reference(fixture(FILES.get(0))).json.get("steps_trace");
        int clipped = 0;
        for (JsonNode entry : trace) {
            clipped += entry.get("clip_scale").asDouble() < 1 ? 1 : 0;
        }
        assertTrue(clipped > 0 && clipped < trace.size(), "the MSE trajectory clips some updates and not others, clipped " + clipped);
    }

    /** Every window from the carried state, parameters fixed, gradients zeroed per window. */
    static Float32Tolerance checkWindows(Reference ref, Gemm gemm) {
        Float32Tolerance tol = new Float32Tolerance(ref.name);
        RecurrentNetwork net = ref.network(gemm);
        TruncatedBptt bptt = new TruncatedBptt(net, ref.batch);
        bptt.state().copyFrom(ref.initialState());
        int o = ref.spec.outputSize();
        int expectedStart = 0;
        for (JsonNode w : ref.json.get("windows")) {
            int start = w.get("start").asInt();
            int length = w.get("length").asInt();
            assertEquals(expectedStart, start, ref.name + ": windows must be consecutive");
            assertEquals(Math.min(ref.window, ref.steps - start), length, ref.name + ": window length at " + start);
            String label = "windows[start=" + start + "]";
            net.zeroGrad();
            float loss = bptt.window(ref.x, start * ref.batch * ref.spec.inputSize(), ref.objective, ref.labels, ref.mask,
                    start * ref.batch * ref.objective.labelsPerRow(), length);
            tol.check(label + ".loss", loss, w.get("loss").asDouble());
            tol.check(label + ".prediction", net.prediction(),
                    TorchFixture.timeMajor(TorchFixture.flatten(w.get("prediction")), ref.batch, length, o));
            checkParameters(label + ".grads.", net.layout(), net.gradients(), w.get("grads"), tol);
            tol.check(label + ".h_end", bptt.state().h(), TorchFixture.flatten(w.get("h_end")));
            if (ref.spec.cell() == CellType.LSTM) {
                tol.check(label + ".c_end", bptt.state().c(), TorchFixture.flatten(w.get("c_end")));
            }
            expectedStart = start + length;
        }
        assertEquals(ref.steps, expectedStart, ref.name + ": windows must cover the sequence");
        return tol;
    }

    /** One {@link WindowTrainer} update per window (zero, forward, loss, backward, clip, Adam), each pass from h0/c0. */
    static Float32Tolerance checkTrajectory(Reference ref, Gemm gemm) {
        Float32Tolerance tol = new Float32Tolerance(ref.name);
        RecurrentNetwork net = ref.network(gemm);
        GradientClipper clipper = new GradientClipper(GradientClipper.Mode.GLOBAL_NORM, (float) ref.json.get("clip_norm").asDouble());
        Optimizer optimizer = TorchParityTest.optimizer(ref.json.get("optimizer"), net.parameters().length);
        WindowTrainer trainer = new WindowTrainer(net, ref.batch, clipper, optimizer);
        JsonNode trace = ref.json.get("steps_trace");
        assertEquals(ref.json.get("num_updates").asInt(), trace.size(), ref.name + ": steps_trace length");
        for (JsonNode entry : trace) {
            int start = entry.get("start").asInt();
            int length = entry.get("length").asInt();
            if (start == 0) {
                trainer.bptt().state().copyFrom(ref.initialState());
            }
            String label = "steps_trace[step=" + entry.get("step").asInt() + ", start=" + start + "]";
            float loss = trainer.train(ref.x, start * ref.batch * ref.spec.inputSize(), ref.objective,
                    ref.slice(ref.labels, start, length), ref.slice(ref.mask, start, length), 0, length);
            assertTrue(trainer.lastUpdateApplied(), ref.name + ": " + label + " was not applied");
            tol.check(label + ".loss_before_step", loss, entry.get("loss_before_step").asDouble());
            tol.check(label + ".grad_norm_before_clip", clipper.lastNorm(), entry.get("grad_norm_before_clip").asDouble());
            tol.check(label + ".clip_scale", clipper.lastScale(), entry.get("clip_scale").asDouble());
            checkParameters(label + ".params_after.", net.layout(), net.parameters(), entry.get("params_after"), tol);
        }
        return tol;
    }

    private static void checkParameters(String label, ParameterLayout layout, float[] values, JsonNode expected, Float32Tolerance tol) {
        assertEquals(layout.slices().size(), expected.size(), label + ": parameter count");
        for (ParameterLayout.Slice s : layout.slices()) {
            tol.check(label + s.name(), values, s.offset(), TorchFixture.flatten(expected.get(s.name())));
        }
    }

    private static float firstWindow(Reference ref, RecurrentNetwork net, float[] labels, float[] mask, int length) {
        TruncatedBptt bptt = new TruncatedBptt(net, ref.batch);
        bptt.state().copyFrom(ref.initialState());
        net.zeroGrad();
        return bptt.window(ref.x, 0, ref.objective, labels, mask, 0, length);
    }

    private static int indexOf(float[] values, float value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        throw new IllegalArgumentException("no mask entry " + value + " in the first window");
    }

    /** The file: bundled (must exist), or in the folder {@code -Dsparkcast.fixtures} names (skipped if absent). */
    static Path fixture(String name) throws Exception {
        String override = System.getProperty(TorchParityTest.FIXTURES_PROPERTY);
        if (override == null || override.isBlank()) {
            Path bundled = Paths.get(HorizonLossParityTest.class.getResource("/fixtures/torch/horizon").toURI()).resolve(name);
            assertTrue(Files.isRegularFile(bundled), "bundled fixture missing: " + bundled);
            return bundled;
        }
        Path dir = Paths.get(override);
        for (Path candidate : List.of(dir.resolve(name), dir.resolve("horizon").resolve(name))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        Assumptions.abort(name + " is neither in " + dir + " nor in " + dir.resolve("horizon")
                + " (-D" + TorchParityTest.FIXTURES_PROPERTY + "): skipped, the engine is not checked against it");
        throw new AssertionError("unreachable");
    }

    /** One {@code horizon-reference/1} file, sizes from the JSON, arrays time-major and rounded to float32. */
    static final class Reference {
        final String name;
        final JsonNode json;
        final NetworkSpec spec;
        final HorizonLoss objective;
        final int batch;
        final int steps;
        final int window;
        final float[] x;
        final float[] labels;
        final float[] mask;

        Reference(Path file) throws Exception {
            this.name = file.getFileName().toString();
            this.json = new ObjectMapper().readTree(file.toFile());
            String schema = json.path("schema").asText();
            if (!"horizon-reference/1".equals(schema)) {
                throw new IllegalArgumentException(file + ": schema '" + schema + "', expected horizon-reference/1");
            }
            float[] quantiles = TorchFixture.toFloat(TorchFixture.flatten(json.get("quantiles")));    // [] for the mean
            float[] weights = json.has("weights") ? TorchFixture.toFloat(TorchFixture.flatten(json.get("weights"))) : null; // [H][Y]
            this.objective = new HorizonLoss(json.get("horizon").asInt(), json.get("targets").asInt(), quantiles, false, weights);
            this.spec = new NetworkSpec(CellType.fromConfigName(json.get("cell").asText()), json.get("input_size").asInt(),
                    json.get("hidden_size").asInt(), json.get("num_layers").asInt(),
                    Directionality.of(json.get("bidirectional").asBoolean()), json.get("output_size").asInt(), LossKind.MSE_ALL_STEPS);
            assertEquals(objective.outputs(), spec.outputSize(), name + ": output_size is not H*Y*Q of " + objective);
            this.batch = json.get("batch").asInt();
            this.steps = json.get("steps").asInt();
            this.window = json.get("window").asInt();
            this.x = timeMajor("input", spec.inputSize());
            this.labels = timeMajor("labels", objective.labelsPerRow());
            this.mask = timeMajor("mask", objective.labelsPerRow());
        }

        /** {@code [B][T][w]} of {@code field} as {@code [T][B][w]} floats. */
        private float[] timeMajor(String field, int width) {
            return TorchFixture.toFloat(TorchFixture.timeMajor(TorchFixture.flatten(json.get(field)), batch, steps, width));
        }

        /** Steps {@code [start, start+length)} of a time-major {@code [T][B][H*Y]} array (the window reads from 0). */
        float[] slice(float[] timeMajor, int start, int length) {
            int row = batch * objective.labelsPerRow();
            return Arrays.copyOfRange(timeMajor, start * row, (start + length) * row);
        }

        RecurrentNetwork network(Gemm gemm) {
            RecurrentNetwork net = new RecurrentNetwork(spec, gemm, RecurrentNetwork.InputGradient.SKIP);
            JsonNode params = json.get("params");
            assertEquals(net.layout().slices().size(), params.size(), name + ": parameter count");
            for (ParameterLayout.Slice s : net.layout().slices()) {
                double[] v = TorchFixture.flatten(params.get(s.name()));
                assertEquals(s.size(), v.length, name + ": values of " + s);
                for (int i = 0; i < v.length; i++) {
                    net.parameters()[s.offset() + i] = (float) v[i];
                }
            }
            return net;
        }

        /** h0 (and c0 for an LSTM), already {@code [L][B][H]} as the engine holds them. */
        RecurrentState initialState() {
            RecurrentState s = new RecurrentState(spec, batch);
            copy(TorchFixture.flatten(json.get("h0")), s.h());
            if (s.c() != null) {
                copy(TorchFixture.flatten(json.get("c0")), s.c());
            }
            return s;
        }

        private void copy(double[] from, float[] to) {
            assertEquals(to.length, from.length, name + ": state size");
            for (int i = 0; i < to.length; i++) {
                to[i] = (float) from[i];
            }
        }
    }
}
