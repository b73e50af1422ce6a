package org.sparkcast.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every PyTorch reference file (forward values, states, loss, every gradient, every tBPTT window,
 * whole optimizer trajectories) against the engine at float32 tolerance, once with the default GEMM
 * kernel, once with the Vector API kernel and once with the plain-Java one.
 * {@code -Dsparkcast.fixtures=DIR} points it at another folder of the same schema; the default is the copy in {@code src/test/resources/fixtures/torch}.
 */
class TorchParityTest {
    static final String FIXTURES_PROPERTY = "sparkcast.fixtures";
    static final List<String> BUNDLED = List.of("adam_clip_lstm.json", "gru_1layer.json", "gru_2layer.json",
            "lstm_1layer.json", "lstm_2layer.json", "lstm_bidirectional.json", "lstm_last_step.json", "rnn_relu.json",
            "rnn_tanh.json", "sgd_momentum_gru.json", "tbptt_lstm.json");

    static Path fixtureDir() throws URISyntaxException {
        String override = System.getProperty(FIXTURES_PROPERTY);
        if (override != null && !override.isBlank()) {
            return Paths.get(override);
        }
        return Paths.get(TorchParityTest.class.getResource("/fixtures/torch").toURI());
    }

    static List<Path> fixtureFiles() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(fixtureDir())) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void fixtureFolderHoldsTheElevenReferenceFiles() throws Exception {
        List<String> names = fixtureFiles().stream().map(p -> p.getFileName().toString()).toList();
        assertFalse(names.isEmpty(), "no *.json fixtures in " + fixtureDir());
        if (System.getProperty(FIXTURES_PROPERTY) == null) {
            assertEquals(BUNDLED, names, "bundled fixtures in " + fixtureDir());
        }
    }

    @TestFactory
    Stream<DynamicTest> engineMatchesPyTorchReference() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Gemm gemm : List.of(GemmKernels.defaultKernel(), new VectorGemm(), new JavaGemm())) {
            for (Path file : fixtureFiles()) {
                tests.add(DynamicTest.dynamicTest(file.getFileName() + " [" + gemm.name() + "]", () -> {
                    Float32Tolerance tol = runFixture(new TorchFixture(file), gemm);
                    System.out.println("parity " + gemm.name() + " " + tol.summary());
                }));
            }
        }
        return tests.stream();
    }

    /** Checks everything a fixture file holds; returns the statistics. */
    static Float32Tolerance runFixture(TorchFixture fx, Gemm gemm) {
        Float32Tolerance tol = new Float32Tolerance(fx.name());
        JsonNode json = fx.json;
        if (json.has("windows")) {
            checkWholeSequenceForward(fx, gemm, tol);
            checkWindows(fx, gemm, tol);
            return tol;
        }
        assertTrue(json.has("grads"), fx.name() + ": neither 'grads' nor 'windows'");
        checkForwardBackward(fx, gemm, tol);
        if (json.has("optimizer")) {
            checkTrajectory(fx, gemm, tol);
        }
        return tol;
    }

    private static void checkForwardBackward(TorchFixture fx, Gemm gemm, Float32Tolerance tol) {
        RecurrentNetwork net = fx.network(gemm);
        RecurrentState init = fx.initialState();
        RecurrentState fin = new RecurrentState(fx.spec, fx.batch);
        net.zeroGrad();
        net.forward(fx.input(), 0, fx.steps, fx.batch, init, fin);
        checkForwardValues(fx, net, fin, fx.json.get("expected"), tol);
        tol.check("expected.loss", net.loss(fx.target(), 0), fx.json.get("expected").get("loss").asDouble());
        net.backward();
        JsonNode grads = fx.json.get("grads");
        for (ParameterLayout.Slice s : net.layout().slices()) {
            tol.check("grads." + s.name(), net.gradients(), s.offset(), TorchFixture.flatten(grads.get(s.name())));
        }
        int inputs = fx.spec.inputSize();
        tol.check("grads.input", net.inputGradient(),
                TorchFixture.timeMajor(TorchFixture.flatten(grads.get("input")), fx.batch, fx.steps, inputs));
        tol.check("grads.h0", net.initialStateGradient().h(), TorchFixture.flatten(grads.get("h0")));
        if (fx.spec.cell() == CellType.LSTM) {
            tol.check("grads.c0", net.initialStateGradient().c(), TorchFixture.flatten(grads.get("c0")));
        }
    }

    private static void checkForwardValues(TorchFixture fx, RecurrentNetwork net, RecurrentState fin, JsonNode expected, Float32Tolerance tol) {
        int width = fx.spec.hiddenSize() * fx.spec.directions();
        tol.check("expected.rnn_output", net.topOutput(),
                TorchFixture.timeMajor(TorchFixture.flatten(expected.get("rnn_output")), fx.batch, fx.steps, width));
        double[] prediction = TorchFixture.flatten(expected.get("prediction"));
        if (fx.spec.loss() == LossKind.MSE_ALL_STEPS) {
            prediction = TorchFixture.timeMajor(prediction, fx.batch, fx.steps, fx.spec.outputSize());
        }
        tol.check("expected.prediction", net.prediction(), prediction);
        tol.check("expected.h_n", fin.h(), TorchFixture.flatten(expected.get("h_n")));
        if (fx.spec.cell() == CellType.LSTM) {
            tol.check("expected.c_n", fin.c(), TorchFixture.flatten(expected.get("c_n")));
        }
    }

    private static void checkWholeSequenceForward(TorchFixture fx, Gemm gemm, Float32Tolerance tol) {
        RecurrentNetwork net = fx.network(gemm);
        RecurrentState fin = new RecurrentState(fx.spec, fx.batch);
        net.forward(fx.input(), 0, fx.steps, fx.batch, fx.initialState(), fin);
        checkForwardValues(fx, net, fin, fx.json.get("expected"), tol);
        tol.check("expected.loss", net.loss(fx.target(), 0), fx.json.get("expected").get("loss").asDouble());
    }

    private static void checkWindows(TorchFixture fx, Gemm gemm, Float32Tolerance tol) {
        RecurrentNetwork net = fx.network(gemm);
        TruncatedBptt bptt = new TruncatedBptt(net, fx.batch);
        bptt.state().copyFrom(fx.initialState());
        float[] x = fx.input();
        float[] y = fx.target();
        int i = fx.spec.inputSize();
        int o = fx.spec.outputSize();
        int expectedStart = 0;
        for (JsonNode w : fx.json.get("windows")) {
            int start = w.get("start").asInt();
            int length = w.get("length").asInt();
            assertEquals(expectedStart, start, fx.name() + ": windows must be consecutive");
            assertEquals(Math.min(fx.json.get("window").asInt(), fx.steps - start), length, fx.name() + ": window length at " + start);
            String label = "windows[start=" + start + "]";
            net.zeroGrad();
            float loss = bptt.window(x, start * fx.batch * i, y, start * fx.batch * o, length);
            tol.check(label + ".loss", loss, w.get("loss").asDouble());
            for (ParameterLayout.Slice s : net.layout().slices()) {
                tol.check(label + ".grads." + s.name(), net.gradients(), s.offset(), TorchFixture.flatten(w.get("grads").get(s.name())));
            }
            tol.check(label + ".h_end", bptt.state().h(), TorchFixture.flatten(w.get("h_end")));
            if (fx.spec.cell() == CellType.LSTM) {
                tol.check(label + ".c_end", bptt.state().c(), TorchFixture.flatten(w.get("c_end")));
            }
            expectedStart = start + length;
        }
        assertEquals(fx.steps, expectedStart, fx.name() + ": windows must cover the sequence");
    }

    private static void checkTrajectory(TorchFixture fx, Gemm gemm, Float32Tolerance tol) {
        RecurrentNetwork net = fx.network(gemm);
        float[] params = net.parameters();
        Optimizer optimizer = optimizer(fx.json.get("optimizer"), params.length);
        JsonNode clipNorm = fx.json.get("clip_norm");
        GradientClipper clipper = clipNorm == null || clipNorm.isNull() ? GradientClipper.none()
                : new GradientClipper(GradientClipper.Mode.GLOBAL_NORM, (float) clipNorm.asDouble());
        float[] x = fx.input();
        float[] y = fx.target();
        RecurrentState init = fx.initialState();
        RecurrentState fin = new RecurrentState(fx.spec, fx.batch);
        JsonNode trace = fx.json.get("steps_trace");
        int updates = fx.json.get("num_updates").asInt();
        assertEquals(updates, trace.size(), fx.name() + ": steps_trace length");
        for (int s = 0; s < updates; s++) {
            JsonNode entry = trace.get(s);
            String label = "steps_trace[step=" + entry.get("step").asInt() + "]";
            net.zeroGrad();
            net.forward(x, 0, fx.steps, fx.batch, init, fin);
            tol.check(label + ".loss_before_step", net.loss(y, 0), entry.get("loss_before_step").asDouble());
            net.backward();
            double norm = clipper.clip(net.gradients());
            tol.check(label + ".grad_norm_before_clip", norm, entry.get("grad_norm_before_clip").asDouble());
            if (entry.has("clip_scale")) {
                tol.check(label + ".clip_scale", clipper.lastScale(), entry.get("clip_scale").asDouble());
            }
            optimizer.step(params, net.gradients());
        }
        JsonNode finalParams = fx.json.get("final_params");
        for (ParameterLayout.Slice s : net.layout().slices()) {
            tol.check("final_params." + s.name(), params, s.offset(), TorchFixture.flatten(finalParams.get(s.name())));
        }
        net.forward(x, 0, fx.steps, fx.batch, init, fin);
        tol.check("final_loss", net.loss(y, 0), fx.json.get("final_loss").asDouble());
    }

    static Optimizer optimizer(JsonNode cfg, int size) {
        String type = cfg.get("type").asText();
        float lr = (float) cfg.get("lr").asDouble();
        float wd = (float) cfg.path("weight_decay").asDouble(0);
        assertFalse(cfg.path("maximize").asBoolean(false), "maximize=true is not supported");
        switch (type) {
            case "sgd":
                assertEquals(0.0, cfg.path("dampening").asDouble(0), "SGD dampening is not supported");
                assertFalse(cfg.path("nesterov").asBoolean(false), "Nesterov SGD is not supported");
                return new SgdOptimizer(size, lr, (float) cfg.path("momentum").asDouble(0), wd);
            case "adam":
            case "adamw":
                assertFalse(cfg.path("amsgrad").asBoolean(false), "AMSGrad is not supported");
                JsonNode betas = cfg.get("betas");
                return new AdamOptimizer(type.equals("adam") ? Optimizer.Kind.ADAM : Optimizer.Kind.ADAMW, size, lr,
                        (float) betas.get(0).asDouble(), (float) betas.get(1).asDouble(), (float) cfg.get("eps").asDouble(), wd);
            default:
                throw new IllegalArgumentException("unknown optimizer type '" + type + "'");
        }
    }
}
