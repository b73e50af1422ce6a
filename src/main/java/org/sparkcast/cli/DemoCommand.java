package org.sparkcast.cli;

import java.util.Locale;
import org.sparkcast.data.DemoSeries;
import org.sparkcast.engine.AdamOptimizer;
import org.sparkcast.engine.CellType;
import org.sparkcast.engine.Directionality;
import org.sparkcast.engine.GemmKernels;
import org.sparkcast.engine.GradientClipper;
import org.sparkcast.engine.LossKind;
import org.sparkcast.engine.NetworkSpec;
import org.sparkcast.engine.Optimizer;
import org.sparkcast.engine.RecurrentNetwork;
import org.sparkcast.engine.TorchInitializer;
import org.sparkcast.engine.WindowTrainer;

/**
 * {@code sparkcast demo}: trains the local engine with truncated BPTT on {@link DemoSeries} and prints
 * the mean training loss of every epoch, so a fresh clone shows the engine learning in seconds.
 */
final class DemoCommand {

    int run(String[] args) {
        OptionParser.Parsed o = OptionParser.withoutConfig("demo",
                "usage: sparkcast demo [--cell lstm|gru|rnn_tanh|rnn_relu] [--hidden H] [--epochs N] [--seed S]",
                "demo trains the engine alone on a generated series and reads no config")
                .values("--cell", "--hidden", "--epochs", "--seed").parse(args);
        if (o.answered()) {
            return ExitCode.OK.code();
        }
        CellType cell = CellType.fromConfigName(o.value("--cell", "lstm"));
        int hidden = o.count("--hidden", 32, 1);
        int epochs = o.count("--epochs", 15, 1);
        long seed = o.whole("--seed", 1);
        int lanes = 32;
        int window = 24;
        DemoSeries data = new DemoSeries(lanes, 24 * 40, seed);
        NetworkSpec spec = new NetworkSpec(cell, 1, hidden, 1, Directionality.UNIDIRECTIONAL, 1, LossKind.MSE_ALL_STEPS);
        RecurrentNetwork net = new RecurrentNetwork(spec, GemmKernels.defaultKernel());
        TorchInitializer.initialize(net.layout(), net.parameters(), seed);
        WindowTrainer trainer = new WindowTrainer(net, lanes, new GradientClipper(GradientClipper.Mode.GLOBAL_NORM, 1f),
                new AdamOptimizer(Optimizer.Kind.ADAM, net.parameters().length, 0.01f, 0f));
        System.out.printf(Locale.ROOT, "demo: %s, %d lanes x %d steps, windows of %d, kernel %s%n",
                spec, lanes, data.steps(), window, net.gemm().name());
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            trainer.bptt().resetState();
            double sum = 0;
            int windows = 0;
            for (int t = 0; t < data.steps(); t += window) {
                int len = Math.min(window, data.steps() - t);
                sum += trainer.train(data.inputs(), t * lanes, data.targets(), t * lanes, len);
                windows++;
            }
            System.out.printf(Locale.ROOT, "epoch %2d  train loss %.5f  (%d windows, %.0f ms)%n",
                    epoch, sum / windows, windows, (System.nanoTime() - start) / 1e6);
        }
        return ExitCode.OK.code();
    }
}
