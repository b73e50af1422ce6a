package org.sparkcast.engine;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The fixtures' float32 tolerance, {@code |actual - expected| <= atol + rtol * |expected|} with
 * {@code rtol = 1e-4, atol = 1e-5}. Records, per fixture, the largest absolute error and the largest
 * share of the tolerance used, and fails with the file, array, index, expected, actual and max diff.
 */
final class Float32Tolerance {
    static final double RTOL = 1e-4;
    static final double ATOL = 1e-5;

    private final String file;
    private double maxAbs;
    private double maxShare;
    private String worstArray = "-";
    private int checked;

    Float32Tolerance(String file) {
        this.file = file;
    }

    /** Compares {@code actual[i]} with {@code expected[i]} for every i. */
    void check(String array, float[] actual, double[] expected) {
        check(array, actual, 0, expected);
    }

    /** Compares {@code actual[offset + i]} with {@code expected[i]} for every i. */
    void check(String array, float[] actual, int offset, double[] expected) {
        if (actual.length - offset < expected.length) {
            fail(file + ": " + array + " has " + (actual.length - offset) + " values, expected " + expected.length);
        }
        int firstBad = -1;
        double arrayMax = 0;
        int arrayMaxAt = 0;
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(actual[offset + i] - expected[i]);
            double allowed = ATOL + RTOL * Math.abs(expected[i]);
            if (!(diff <= allowed) && firstBad < 0) {
                firstBad = i;
            }
            if (diff > arrayMax || Double.isNaN(diff)) {
                arrayMax = diff;
                arrayMaxAt = i;
            }
            double share = diff / allowed;
            if (share > maxShare || Double.isNaN(share)) {
                maxShare = share;
                worstArray = array + "[" + i + "]";
            }
            maxAbs = Math.max(maxAbs, diff);
        }
        checked += expected.length;
        if (firstBad >= 0) {
            fail(String.format("%s: %s[%d] expected %.9g, actual %.9g (|diff| %.3g > tolerance %.3g); max diff in %s is %.3g at index %d",
                    file, array, firstBad, expected[firstBad], (double) actual[offset + firstBad],
                    Math.abs(actual[offset + firstBad] - expected[firstBad]), ATOL + RTOL * Math.abs(expected[firstBad]),
                    array, arrayMax, arrayMaxAt));
        }
    }

    /** Compares one scalar. */
    void check(String name, double actual, double expected) {
        check(name, new float[] {(float) actual}, new double[] {expected});
    }

    String summary() {
        return String.format("%s: %d values within float32 tolerance; max |diff| %.3g; worst %.1f%% of tolerance at %s",
                file, checked, maxAbs, 100 * maxShare, worstArray);
    }
}
