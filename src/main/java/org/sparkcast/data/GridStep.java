package org.sparkcast.data;

/**
 * One step of a series on the grid: bucket number, numeric values (NaN while missing), categorical
 * values (null when missing), how many input rows it holds, and whether any value was imputed.
 */
final class GridStep {
    final long bucket;
    final double[] values;
    final String[] categories;
    final int rows;
    final boolean imputed;
    /** Every target value of this step was read from the input (not imputed): the step can score a forecast. */
    final boolean targetsObserved;

    GridStep(long bucket, double[] values, String[] categories, int rows, boolean imputed) {
        this(bucket, values, categories, rows, imputed, !imputed);
    }

    GridStep(long bucket, double[] values, String[] categories, int rows, boolean imputed, boolean targetsObserved) {
        this.bucket = bucket;
        this.values = values;
        this.categories = categories;
        this.rows = rows;
        this.imputed = imputed;
        this.targetsObserved = targetsObserved;
    }

    /** Every numeric value present (categories may be missing: they encode as "missing"). */
    boolean complete() {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
