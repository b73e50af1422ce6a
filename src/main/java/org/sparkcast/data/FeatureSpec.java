package org.sparkcast.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * The roles of the columns: targets (forecast, and fed back as inputs), past covariates (known up to
 * now), known-future covariates (known one step ahead, e.g. a schedule), calendar features derived from
 * time, and categorical columns with their encoding. Cross-series covariates ({@code data.columns.cross-series})
 * are past covariates named {@code mean:<column>}, listed after the configured ones in {@link #past}: the mean
 * of the column over all series at each time ({@link CrossSeriesMeans}).
 */
public final class FeatureSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    final List<String> targets;
    /** The configured past covariates, then one {@code mean:<column>} per cross-series column. */
    final List<String> past;
    /** The source columns of the cross-series means. */
    final List<String> crossSeries;
    final List<String> future;
    final List<CalendarFeature> calendar;
    final List<String> categorical;
    final CategoricalEncoding encoding;

    /** The name prefix of a cross-series mean column. */
    public static final String CROSS_PREFIX = "mean:";

    private FeatureSpec(ConfigReader r) {
        targets = r.list(DataKeys.TARGETS);
        if (targets.isEmpty()) {
            throw new InvalidDataException(DataKeys.TARGETS + " is empty: name at least one target column");
        }
        crossSeries = r.list(DataKeys.CROSS_SERIES);
        List<String> pastAndCross = new ArrayList<>(r.list(DataKeys.PAST));
        crossSeries.forEach(c -> pastAndCross.add(CROSS_PREFIX + c));
        past = List.copyOf(pastAndCross);
        future = r.list(DataKeys.FUTURE);
        List<CalendarFeature> cal = new ArrayList<>();
        for (String c : r.list(DataKeys.CALENDAR)) {
            cal.add(ConfigReader.parseChoice(DataKeys.CALENDAR, c, CalendarFeature.class));
        }
        calendar = List.copyOf(cal);
        categorical = r.list(DataKeys.CATEGORICAL);
        encoding = r.choice(DataKeys.CATEGORICAL_ENCODING, CategoricalEncoding.class);
        Set<String> seen = new HashSet<>();
        for (String c : numericColumns()) {
            if (!seen.add(c)) {
                throw new InvalidDataException("column '" + c + "' has two roles (targets, past, future)");
            }
        }
        for (String c : categorical) {
            if (!seen.add(c)) {
                throw new InvalidDataException("column '" + c + "' is both categorical and numeric, or listed twice");
            }
        }
    }

    static FeatureSpec read(ConfigReader r) {
        return new FeatureSpec(r);
    }

    void write(Properties p) {
        p.setProperty(DataKeys.TARGETS, String.join(",", targets));
        p.setProperty(DataKeys.PAST, String.join(",", past.subList(0, past.size() - crossSeries.size())));
        p.setProperty(DataKeys.CROSS_SERIES, String.join(",", crossSeries));
        p.setProperty(DataKeys.FUTURE, String.join(",", future));
        List<String> cal = new ArrayList<>();
        calendar.forEach(c -> cal.add(ConfigReader.configName(c)));
        p.setProperty(DataKeys.CALENDAR, String.join(",", cal));
        p.setProperty(DataKeys.CATEGORICAL, String.join(",", categorical));
        p.setProperty(DataKeys.CATEGORICAL_ENCODING, ConfigReader.configName(encoding));
    }

    /** Targets, then past, then future covariates: the numeric columns in the order of the value arrays. */
    public List<String> numericColumns() {
        List<String> all = new ArrayList<>(targets);
        all.addAll(past);
        all.addAll(future);
        return all;
    }

    public List<String> targets() { return targets; }
    public List<String> categorical() { return categorical; }
    public List<String> past() { return past; }
    public List<String> future() { return future; }
    /** The source columns whose mean over all series is a past covariate. */
    public List<String> crossSeries() { return crossSeries; }

    /** The file column a numeric column reads: itself, or for {@code mean:<column>} that column. */
    public static String sourceColumn(String numericColumn) {
        return numericColumn.startsWith(CROSS_PREFIX) ? numericColumn.substring(CROSS_PREFIX.length()) : numericColumn;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureSpec f && targets.equals(f.targets) && past.equals(f.past)
                && future.equals(f.future) && calendar.equals(f.calendar)
                && categorical.equals(f.categorical) && encoding == f.encoding && crossSeries.equals(f.crossSeries);
    }

    @Override
    public int hashCode() {
        return Objects.hash(targets, past, future, calendar, categorical, encoding);
    }
}
