package org.sparkcast.data;

import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns of a stored step row and of a window's inputs, in this order:
 * <pre>
 *   [ targets T | past covariates P | future covariates U | calendar 2C (sin, cos) | categorical K ]
 * </pre>
 * Input x at step t takes targets, past and categorical values of step t and the known-future block
 * (future covariates and calendar) of step t+1; the target y at step t is the targets of step t+1.
 * Categorical levels are the sorted distinct values seen in the training range (of the series kept); a missing
 * value, and a value first seen in validation or test, encode as all-zero (one-hot) or 0 (index).
 */
public final class FeatureLayout implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int targets;
    private final int past;
    private final int future;
    private final List<CalendarFeature> calendar;
    private final List<List<String>> levels;
    private final CategoricalEncoding encoding;
    private final List<String> names = new ArrayList<>();
    private final String zone;

    public FeatureLayout(DataConfig config, List<List<String>> levels) {
        FeatureSpec f = config.features();
        this.targets = f.targets.size();
        this.past = f.past.size();
        this.future = f.future.size();
        this.calendar = f.calendar;
        this.levels = List.copyOf(levels);
        this.encoding = f.encoding;
        this.zone = config.source().zone;
        names.addAll(f.numericColumns());
        for (CalendarFeature c : calendar) {
            names.add(ConfigReader.configName(c) + "-sin");
            names.add(ConfigReader.configName(c) + "-cos");
        }
        for (int j = 0; j < levels.size(); j++) {
            String col = f.categorical.get(j);
            if (encoding == CategoricalEncoding.ONE_HOT) {
                levels.get(j).forEach(l -> names.add(col + "=" + l));
            } else {
                names.add(col);
            }
        }
    }

    /** Floats per stored row, and input features F per step. */
    public int width() { return names.size(); }
    /** Y: targets per step. */
    public int targets() { return targets; }
    /** Start of the known-future block (future covariates, then calendar). */
    int futureStart() { return targets + past; }
    /** End (exclusive) of the known-future block. */
    int futureEnd() { return targets + past + future + 2 * calendar.size(); }
    public List<String> names() { return List.copyOf(names); }
    public List<List<String>> levels() { return levels; }

    /**
     * The input x(t) of one step, from the stored rows of steps t ({@code now}) and t+1 ({@code ahead}):
     * targets, past covariates and categories of t, the known-future block of t+1 — the same composition
     * training windows use.
     */
    public void compose(float[] src, int now, int ahead, float[] x, int xo) {
        int fs = futureStart();
        int fe = futureEnd();
        System.arraycopy(src, now, x, xo, fs);                          // targets, past covariates at t
        System.arraycopy(src, ahead + fs, x, xo + fs, fe - fs);         // known-future block at t+1
        System.arraycopy(src, now + fe, x, xo + fe, width() - fe);      // categories at t
    }

    /** Non-calendar known-future covariates (they must come from the data at forecast time). */
    public int futureCovariates() { return future; }

    /** One stored row: already scaled numeric values, then calendar of {@code time}, then categories. */
    public float[] encode(double[] scaled, long time, String[] categories) {
        float[] row = new float[width()];
        int k = 0;
        for (double v : scaled) {
            row[k++] = (float) v;
        }
        if (!calendar.isEmpty()) {
            ZonedDateTime t = Instant.ofEpochMilli(time).atZone(ZoneId.of(zone));
            for (CalendarFeature c : calendar) {
                double angle = 2 * Math.PI * c.phase(t);
                row[k++] = (float) Math.sin(angle);
                row[k++] = (float) Math.cos(angle);
            }
        }
        for (int j = 0; j < levels.size(); j++) {
            int level = categories[j] == null ? -1 : levels.get(j).indexOf(categories[j]);
            if (encoding == CategoricalEncoding.ONE_HOT) {
                if (level >= 0) {
                    row[k + level] = 1f;
                }
                k += levels.get(j).size();
            } else {
                row[k++] = level + 1;
            }
        }
        return row;
    }
}
