package org.sparkcast.train;

import java.util.Locale;

/**
 * Ends a run with a {@link TrainingDivergedException} when an epoch's score — its validation loss, or its training loss
 * without validation data — is more than {@code factor} times the lowest score seen so far, the untrained model's
 * included. A blow-up that stays finite (Adam at learning rate 100: a validation loss of 740 where a good run reaches
 * 0.011) otherwise ends normally and its "best" epoch becomes the model. The untrained model counts because such a run
 * often diverges in its first epoch and then improves on its own ruins; the trainer measures it with one validation job
 * when a run starts or resumes — it is the seeded initial model, so a resumed run measures the same value, and with the
 * epochs' scores in the checkpoint's history a resumed run checks exactly as one that never stopped. The factor is no
 * training setting (a checkpoint may be resumed with another): it decides only whether a run fails, never what it
 * computes. Plain "worse than the first epoch" is not a criterion: on small data a validation loss that climbs back above
 * epoch 1's is overfitting, which early stopping answers by keeping the best epoch.
 */
final class DivergenceCheck {
    /** No check. */
    static final DivergenceCheck OFF = new DivergenceCheck(0);

    private final double factor;
    /** The untrained model's loss on the data epochs are scored on (NaN: not measured). */
    private double untrainedLoss = Double.NaN;

    private DivergenceCheck(double factor) {
        this.factor = factor;
    }

    /** A check with {@code factor} (0: none; else at least 1). */
    static DivergenceCheck of(double factor) {
        if (factor != 0 && !(factor >= 1)) {
            throw new IllegalArgumentException("divergence factor " + factor + ": expected 0 (off) or at least 1");
        }
        return factor == 0 ? OFF : new DivergenceCheck(factor);
    }

    boolean enabled() {
        return factor > 0;
    }

    /** Records the untrained model's loss ({@code on}: "validation" or "training") and says so in the returned log line. */
    String untrained(double loss, String on) {
        untrainedLoss = loss;
        return String.format(Locale.ROOT, "untrained model: %s loss %.6f (an epoch scoring more than %s times the best seen "
                + "ends the run as diverged)", on, loss, factorText());
    }

    /**
     * Throws when {@code score} is more than the factor times the best score before it (the untrained model's included);
     * NaN scores are left to the non-finite checks.
     */
    void check(TrainingProgress p, int epoch, double score, String which, float learningRate) {
        boolean untrainedBest = !Double.isNaN(untrainedLoss) && untrainedLoss <= p.bestValidationLoss;
        double best = untrainedBest ? untrainedLoss : p.bestValidationLoss;
        if (factor == 0 || !(best > 0) || Double.isInfinite(best) || !(score > factor * best)) {
            return;
        }
        throw new TrainingDivergedException(String.format(Locale.ROOT, "epoch %d: %s loss %.6f is more than %s times the best "
                + "seen (%.6f, %s); lower train.learning-rate (now %s) or raise train.divergence-factor; no model was written",
                epoch, which, score, factorText(), best, untrainedBest ? "before training" : "epoch " + p.bestEpoch, learningRate));
    }

    private String factorText() {
        return factor == Math.rint(factor) ? Long.toString((long) factor) : Double.toString(factor);
    }
}
