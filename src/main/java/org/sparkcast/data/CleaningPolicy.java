package org.sparkcast.data;

import java.io.Serializable;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The grid and what to do about each problem: one {@link Action} per {@link Rule}, the resampling of
 * rows within a grid bucket, gap filling up to a maximum gap, and the segment length limits.
 */
public final class CleaningPolicy implements Serializable {
    private static final long serialVersionUID = 1L;

    final String frequency;
    final long stepMillis;
    final EnumMap<Rule, Action> actions;
    final ResampleMethod resample;
    final GapFill gapFill;
    final int maxGapSteps;
    final int minSegmentSteps;
    final int maxSegmentSteps;

    private CleaningPolicy(ConfigReader r, Properties p) {
        frequency = r.string(DataKeys.FREQUENCY);
        stepMillis = parseFrequency(frequency);
        actions = new EnumMap<>(Rule.class);
        for (Rule rule : Rule.values()) {
            String key = DataKeys.POLICY_PREFIX + rule.configName();
            String v = p.getProperty(key);
            Action a = v == null ? rule.defaultAction() : ConfigReader.parseChoice(key, v, Action.class);
            if (!rule.allowed().contains(a)) {
                throw new InvalidDataException(key + "=" + v + " is not allowed; choose one of " + names(rule));
            }
            actions.put(rule, a);
        }
        resample = r.choice(DataKeys.RESAMPLE, ResampleMethod.class);
        gapFill = r.choice(DataKeys.GAP_FILL, GapFill.class);
        maxGapSteps = r.integer(DataKeys.GAP_MAX_STEPS, 0, 1_000_000);
        minSegmentSteps = r.integer(DataKeys.SEGMENT_MIN_STEPS, 0, Integer.MAX_VALUE);
        maxSegmentSteps = r.integer(DataKeys.SEGMENT_MAX_STEPS, 0, Integer.MAX_VALUE);
        if (maxSegmentSteps > 0 && maxSegmentSteps < Math.max(2, minSegmentSteps)) {
            throw new InvalidDataException(DataKeys.SEGMENT_MAX_STEPS + "=" + maxSegmentSteps + " is below "
                    + DataKeys.SEGMENT_MIN_STEPS + "=" + minSegmentSteps + " (or 2)");
        }
    }

    private static String names(Rule rule) {
        StringBuilder b = new StringBuilder();
        rule.allowed().forEach(a -> b.append(b.length() == 0 ? "" : ", ").append(ConfigReader.configName(a)));
        return b.toString();
    }

    /** {@code 30min}, {@code 1h}, {@code 6h}, {@code 1d}, {@code 15s} or ISO-8601 ({@code PT1H}) to milliseconds. */
    public static long parseFrequency(String f) {
        String s = f.trim().toLowerCase(Locale.ROOT);
        try {
            long millis;
            if (s.startsWith("p")) {
                millis = Duration.parse(s.toUpperCase(Locale.ROOT)).toMillis();
            } else {
                int split = 0;
                while (split < s.length() && Character.isDigit(s.charAt(split))) {
                    split++;
                }
                long n = Long.parseLong(s.substring(0, split));
                millis = switch (s.substring(split)) {
                    case "s" -> n * 1000L;
                    case "min", "m" -> n * 60_000L;
                    case "h" -> n * 3_600_000L;
                    case "d" -> n * 86_400_000L;
                    default -> throw new NumberFormatException();
                };
            }
            if (millis <= 0) {
                throw new NumberFormatException();
            }
            return millis;
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new InvalidDataException(DataKeys.FREQUENCY + "=" + f + " is not a positive frequency like 30min, 1h, 6h, 1d or PT1H");
        }
    }

    static CleaningPolicy read(ConfigReader r, Properties p) {
        return new CleaningPolicy(r, p);
    }

    void write(Properties p) {
        p.setProperty(DataKeys.FREQUENCY, frequency);
        for (Map.Entry<Rule, Action> e : actions.entrySet()) {
            p.setProperty(DataKeys.POLICY_PREFIX + e.getKey().configName(), ConfigReader.configName(e.getValue()));
        }
        p.setProperty(DataKeys.RESAMPLE, ConfigReader.configName(resample));
        p.setProperty(DataKeys.GAP_FILL, ConfigReader.configName(gapFill));
        p.setProperty(DataKeys.GAP_MAX_STEPS, String.valueOf(maxGapSteps));
        p.setProperty(DataKeys.SEGMENT_MIN_STEPS, String.valueOf(minSegmentSteps));
        p.setProperty(DataKeys.SEGMENT_MAX_STEPS, String.valueOf(maxSegmentSteps));
    }

    public Action action(Rule rule) {
        return actions.get(rule);
    }

    public String frequency() { return frequency; }

    public long stepMillis() {
        return stepMillis;
    }

    /** The longest gap that is imputed: 0 when gap filling is off. */
    /** {@code data.gap.max-steps}: the longest run of missing steps imputed. */
    public int maxGapSteps() { return maxGapSteps; }

    int fillableGap() {
        return gapFill == GapFill.NONE ? 0 : maxGapSteps;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CleaningPolicy c && stepMillis == c.stepMillis && frequency.equals(c.frequency)
                && actions.equals(c.actions) && resample == c.resample && gapFill == c.gapFill
                && maxGapSteps == c.maxGapSteps && minSegmentSteps == c.minSegmentSteps
                && maxSegmentSteps == c.maxSegmentSteps;
    }

    @Override
    public int hashCode() {
        return Objects.hash(frequency, actions, resample, gapFill, maxGapSteps, minSegmentSteps, maxSegmentSteps);
    }

    /** How several rows in one grid bucket become one step. */
    public ResampleMethod resample() {
        return resample;
    }
}
