package org.sparkcast.data;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Lays the counters, exclusions and segments of a data run out as the sections of a {@link RunReport}. */
final class ReportBuilder {
    private final DataConfig config;
    private final List<String> files;
    private final Map<Counter, Long> c;
    private final Map<String, String> excluded;
    private final EnumMap<Split, List<SegmentRef>> segments;
    private final FeatureLayout layout;
    private final long seriesWithSteps;
    private final AffectedSeries affected;
    private final Map<String, long[]> ranges;

    ReportBuilder(DataConfig config, List<String> files, Map<Counter, Long> counters, Map<String, String> excluded,
                  EnumMap<Split, List<SegmentRef>> segments, FeatureLayout layout, long seriesWithSteps, AffectedSeries affected,
                  Map<String, long[]> ranges) {
        this.affected = affected.copy();
        this.ranges = ranges;
        this.seriesWithSteps = seriesWithSteps;
        this.config = config;
        this.files = files;
        this.c = counters;
        this.excluded = excluded;
        this.segments = segments;
        this.layout = layout;
    }

    RunReport build() {
        RunReport r = new RunReport();
        r.put("dataset", config.name());
        r.put("files", files.size());
        r.put("files-without-rows", c.get(Counter.FILES_WITHOUT_ROWS));
        r.put("rows", "read", c.get(Counter.ROWS_READ));
        r.put("rows", "kept", c.get(Counter.ROWS_KEPT));
        r.put("rows", "blank-skipped", c.get(Counter.ROWS_BLANK));
        r.put("rows.dropped", "malformed-row", c.get(Counter.ROWS_MALFORMED));
        r.put("rows.dropped", "unparsable-time", c.get(Counter.ROWS_UNPARSABLE_TIME));
        r.put("rows.dropped", "duplicate-time", c.get(Counter.ROWS_DUPLICATE_TIME));
        r.put("rows.dropped", "incomplete-outside-fillable-gap", c.get(Counter.ROWS_INCOMPLETE));
        r.put("rows.dropped", "short-segment", c.get(Counter.ROWS_SHORT_SEGMENT));
        r.put("rows.dropped", "all-missing-series", c.get(Counter.ROWS_ALL_MISSING_SERIES));
        r.put("rows.dropped", "out-of-range", c.get(Counter.ROWS_OUT_OF_RANGE));
        r.put("rows", "off-grid-resampled", c.get(Counter.ROWS_OFF_GRID));
        r.put("rows", "merged-into-bucket", c.get(Counter.ROWS_MERGED));
        r.put("rows", "out-of-order-sorted", c.get(Counter.ROWS_SORTED));
        r.put("cells", "missing-marker", c.get(Counter.CELLS_MISSING));
        r.put("cells", "unparsable-number", c.get(Counter.CELLS_UNPARSABLE));
        r.put("cells", "non-finite", c.get(Counter.CELLS_NON_FINITE));
        r.put("cells", "out-of-range", c.get(Counter.CELLS_OUT_OF_RANGE));
        r.put("cells", "category-missing", c.get(Counter.CELLS_CATEGORY_MISSING));
        r.put("steps", "kept", c.get(Counter.STEPS_KEPT) - excludedSteps(null));
        r.put("steps", "imputed", c.get(Counter.STEPS_IMPUTED));
        r.put("steps.dropped", "gap-too-long", c.get(Counter.STEPS_GAP));
        r.put("steps.dropped", "short-segment", c.get(Counter.STEPS_SHORT_SEGMENT));
        r.put("steps.dropped", "gap-at-split-boundary", c.get(Counter.STEPS_SPLIT_BOUNDARY));
        for (String reason : new TreeMap<>(reasons()).keySet()) {
            r.put("steps.dropped", reason, excludedSteps(reason));
        }
        long seen = c.get(Counter.SERIES_SEEN);
        r.put("series", "found", seen);
        r.put("series", "kept", seriesWithSteps - excluded.size());
        r.put("series.dropped", "all-missing-series", c.get(Counter.SERIES_ALL_MISSING));
        r.put("series.dropped", "only-short-segments", seen - c.get(Counter.SERIES_ALL_MISSING) - seriesWithSteps);
        reasons().forEach((reason, n) -> r.put("series.dropped", reason, n));
        r.put("segments", "kept", c.get(Counter.SEGMENTS_KEPT));
        r.put("segments", "dropped-short", c.get(Counter.SEGMENTS_SHORT));
        r.put("segments", "gaps-split", c.get(Counter.GAPS_SPLIT));
        r.put("segments", "gaps-cut-at-split-boundary", c.get(Counter.GAPS_SPLIT_BOUNDARY));
        for (Split s : Split.values()) {
            long n = segments.get(s).stream().filter(x -> !excluded.containsKey(x.series)).count();
            r.put("segments.per-split", ConfigReader.configName(s), n);
        }
        excluded.forEach((series, reason) -> {
            long[] range = ranges.get(series);
            affected.note(reason, "series", series, 1, range == null ? 0 : range[0], range == null ? 0 : range[1]);
        });
        // column names hold dots (PM2.5): a value of its own, not a dotted section path
        r.put("affected-series", affected.asReport(config.source().zoneId()));
        r.put("features", layout.names());
        r.put("targets", config.features().targets());
        return r;
    }

    private Map<String, Long> reasons() {
        Map<String, Long> n = new TreeMap<>();
        excluded.values().forEach(reason -> n.merge(reason, 1L, Long::sum));
        return n;
    }

    /** Steps of excluded series (for one reason, or all when {@code reason} is null). */
    private long excludedSteps(String reason) {
        long n = 0;
        for (List<SegmentRef> refs : segments.values()) {
            for (SegmentRef ref : refs) {
                String why = excluded.get(ref.series);
                if (why != null && (reason == null || why.equals(reason))) {
                    n += ref.steps;
                }
            }
        }
        return n;
    }
}
