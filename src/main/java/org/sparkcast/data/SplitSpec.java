package org.sparkcast.data;

import java.io.Serializable;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Properties;

/**
 * The time-based train / validation / test split of every series and the normalisation fitted on its
 * training range. By fraction: of each series' own time range; by dates: the same instants for all series.
 */
public final class SplitSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    final SplitMode mode;
    final double trainFraction;
    final double validationFraction;
    final String trainEnd;
    final String validationEnd;
    final ScalingKind scaling;
    final ScalingScope scope;

    private SplitSpec(ConfigReader r) {
        mode = r.choice(DataKeys.SPLIT_MODE, SplitMode.class);
        trainFraction = r.decimal(DataKeys.SPLIT_TRAIN, 0.01, 1.0);
        validationFraction = r.decimal(DataKeys.SPLIT_VALIDATION, 0.0, 0.99);
        if (trainFraction + validationFraction > 1.0 + 1e-9) {
            throw new InvalidDataException(DataKeys.SPLIT_TRAIN + "=" + trainFraction + " plus " + DataKeys.SPLIT_VALIDATION
                    + "=" + validationFraction + " exceeds 1");
        }
        trainEnd = r.string(DataKeys.SPLIT_TRAIN_END);
        validationEnd = r.string(DataKeys.SPLIT_VALIDATION_END);
        if (mode == SplitMode.DATES) {
            LocalDateTime a = parseDate(DataKeys.SPLIT_TRAIN_END, trainEnd);
            LocalDateTime b = parseDate(DataKeys.SPLIT_VALIDATION_END, validationEnd);
            if (b.isBefore(a)) {
                throw new InvalidDataException(DataKeys.SPLIT_VALIDATION_END + "=" + validationEnd + " is before "
                        + DataKeys.SPLIT_TRAIN_END + "=" + trainEnd);
            }
        }
        scaling = r.choice(DataKeys.SCALING, ScalingKind.class);
        scope = r.choice(DataKeys.SCALING_SCOPE, ScalingScope.class);
    }

    private static LocalDateTime parseDate(String key, String v) {
        try {
            return LocalDateTime.parse(v);
        } catch (DateTimeParseException e) {
            throw new InvalidDataException(key + "=" + v + " is not a date-time like 2016-03-01T00:00");
        }
    }

    /** Epoch millis where validation starts ({@code DATES} mode). */
    long trainEndMillis(ZoneId zone) {
        return parseDate(DataKeys.SPLIT_TRAIN_END, trainEnd).atZone(zone).toInstant().toEpochMilli();
    }

    /** Epoch millis where test starts ({@code DATES} mode). */
    long validationEndMillis(ZoneId zone) {
        return parseDate(DataKeys.SPLIT_VALIDATION_END, validationEnd).atZone(zone).toInstant().toEpochMilli();
    }

    static SplitSpec read(ConfigReader r) {
        return new SplitSpec(r);
    }

    void write(Properties p) {
        p.setProperty(DataKeys.SPLIT_MODE, ConfigReader.configName(mode));
        p.setProperty(DataKeys.SPLIT_TRAIN, String.valueOf(trainFraction));
        p.setProperty(DataKeys.SPLIT_VALIDATION, String.valueOf(validationFraction));
        p.setProperty(DataKeys.SPLIT_TRAIN_END, trainEnd);
        p.setProperty(DataKeys.SPLIT_VALIDATION_END, validationEnd);
        p.setProperty(DataKeys.SCALING, ConfigReader.configName(scaling));
        p.setProperty(DataKeys.SCALING_SCOPE, ConfigReader.configName(scope));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SplitSpec s && mode == s.mode && trainFraction == s.trainFraction
                && validationFraction == s.validationFraction && trainEnd.equals(s.trainEnd)
                && validationEnd.equals(s.validationEnd) && scaling == s.scaling && scope == s.scope;
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, trainFraction, validationFraction, trainEnd, validationEnd, scaling, scope);
    }
}
