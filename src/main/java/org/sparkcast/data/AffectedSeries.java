package org.sparkcast.data;

import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The series a problem touched, per reason ({@code out-of-range PM2.5}, {@code gap-too-long}, ...): for each
 * series the count (of cells, rows, steps or series, as the reason counts), the first and last time
 * concerned and the earliest {@link #RANGES} time ranges (one per gap, segment, cell or row). Bounded: at most {@link #LIMIT} series per reason are held (the first in name order, so
 * merging is deterministic); the counts of the others are summed in {@code notListed}, so the total stays exact.
 * A task fills one, the driver merges them ({@link AffectedSeriesAccumulator}).
 */
public final class AffectedSeries implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Series held per reason (per task, and after merging). */
    static final int LIMIT = 50;

    /** Time ranges held per series: the earliest {@value} of its gaps, cells or segments. */
    static final int RANGES = 5;

    /** One series under one reason: count, overall time range and the earliest {@link #RANGES} ranges (epoch ms). */
    static final class Entry implements Serializable {
        private static final long serialVersionUID = 1L;
        long count;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        /** {from, to} pairs, sorted by from, at most {@link #RANGES}. */
        final List<long[]> ranges = new ArrayList<>();

        void add(long n, long from, long to) {
            count += n;
            first = Math.min(first, from);
            last = Math.max(last, to);
            if (ranges.size() < RANGES || from < ranges.get(ranges.size() - 1)[0]) {
                ranges.add(new long[] {from, to});
                ranges.sort((a, b) -> Long.compare(a[0], b[0]));
                if (ranges.size() > RANGES) {
                    ranges.remove(RANGES);
                }
            }
        }

        void addAll(Entry o) {
            count += o.count;
            first = Math.min(first, o.first);
            last = Math.max(last, o.last);
            for (long[] r : o.ranges) {
                add(0, r[0], r[1]);
            }
        }
    }

    /** One reason: its unit, the series held and the count of the series not held. */
    static final class Reason implements Serializable {
        private static final long serialVersionUID = 1L;
        String unit;
        final TreeMap<String, Entry> series = new TreeMap<>();
        long notListed;

        long total() {
            long n = notListed;
            for (Entry e : series.values()) {
                n += e.count;
            }
            return n;
        }
    }

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private final TreeMap<String, Reason> reasons = new TreeMap<>();

    /** Notes {@code n} {@code unit}s ({@code cells}, {@code rows}, {@code steps}, {@code series}) of {@code series} for {@code reason}, at times {@code from..to}. */
    void note(String reason, String unit, String series, long n, long from, long to) {
        Reason r = reasons.computeIfAbsent(reason, k -> new Reason());
        r.unit = unit;
        Entry e = r.series.get(series);
        if (e == null) {
            e = new Entry();
            r.series.put(series, e);
        }
        e.add(n, from, to);
        trim(r);
    }

    /** Adds {@code other} into this one. */
    void merge(AffectedSeries other) {
        other.reasons.forEach((name, o) -> {
            Reason r = reasons.computeIfAbsent(name, k -> new Reason());
            r.unit = o.unit;
            r.notListed += o.notListed;
            o.series.forEach((s, oe) -> r.series.computeIfAbsent(s, k -> new Entry()).addAll(oe));
            trim(r);
        });
    }

    private static void trim(Reason r) {
        while (r.series.size() > LIMIT) {
            r.notListed += r.series.pollLastEntry().getValue().count;
        }
    }

    boolean isEmpty() {
        return reasons.isEmpty();
    }

    AffectedSeries copy() {
        AffectedSeries c = new AffectedSeries();
        c.merge(this);
        return c;
    }

    /** The series held for {@code reason}, in name order (empty when none). */
    public List<String> series(String reason) {
        Reason r = reasons.get(reason);
        return r == null ? List.of() : List.copyOf(r.series.keySet());
    }

    /** The total count of {@code reason} (held and not held series). */
    public long total(String reason) {
        Reason r = reasons.get(reason);
        return r == null ? 0 : r.total();
    }

    /**
     * Per reason: {@code unit} ({@code cells}, {@code rows}, {@code steps}, {@code series}), {@code count} (all series),
     * {@code series} (those held, each with its count, local time range {@code from}, {@code to}, and {@code first-ranges}: the
     * earliest {@link #RANGES} ranges in local time) and {@code not-listed}
     * (the count of the series not held).
     */
    Map<String, Object> asReport(ZoneId zone) {
        Map<String, Object> out = new LinkedHashMap<>();
        reasons.forEach((name, r) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("unit", r.unit);
            m.put("count", r.total());
            List<Object> list = new ArrayList<>();
            r.series.forEach((s, e) -> {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("series", s);
                one.put("count", e.count);
                one.put("from", RowLocation.time(e.first, zone));
                one.put("to", RowLocation.time(e.last, zone));
                List<String> ranges = new ArrayList<>();
                for (long[] t : e.ranges) {
                    ranges.add(t[0] == t[1] ? LOCAL.format(Instant.ofEpochMilli(t[0]).atZone(zone))
                            : LOCAL.format(Instant.ofEpochMilli(t[0]).atZone(zone)) + " .. " + LOCAL.format(Instant.ofEpochMilli(t[1]).atZone(zone)));
                }
                one.put("first-ranges", ranges);
                list.add(one);
            });
            m.put("series", list);
            m.put("not-listed", r.notListed);
            out.put(name, m);
        });
        return out;
    }
}
