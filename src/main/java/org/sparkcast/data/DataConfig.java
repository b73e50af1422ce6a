package org.sparkcast.data;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;

/**
 * The immutable, validated description of one dataset and its preparation: the {@code data.*} keys of a
 * properties file (see {@link DataKeys}). A new dataset needs a new file, not new code.
 */
public final class DataConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final String output;
    private final SourceSpec source;
    private final FeatureSpec features;
    private final CleaningPolicy policy;
    private final ValueRanges ranges;
    private final SplitSpec split;
    private final WindowSpec window;

    private DataConfig(Properties p) {
        ConfigReader r = new ConfigReader(p);
        r.rejectUnknown();
        name = r.string(DataKeys.NAME);
        output = r.string(DataKeys.OUTPUT);
        source = SourceSpec.read(r);
        features = FeatureSpec.read(r);
        policy = CleaningPolicy.read(r, p);
        ranges = ValueRanges.read(p, features);
        split = SplitSpec.read(r);
        window = WindowSpec.read(r);
    }

    /** Validates every {@code data.*} key; unknown keys fail with the nearest known one. */
    public static DataConfig fromProperties(Properties p) {
        return new DataConfig(p);
    }

    public static DataConfig load(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new InvalidDataException("cannot read config file " + file + ": " + e.getMessage());
        }
        return fromProperties(p);
    }

    /** The effective config, every key written (defaults included). */
    public Properties toProperties() {
        Properties p = new Properties();
        p.setProperty(DataKeys.NAME, name);
        p.setProperty(DataKeys.OUTPUT, output);
        source.write(p);
        features.write(p);
        policy.write(p);
        ranges.write(p);
        split.write(p);
        window.write(p);
        return p;
    }

    public String name() { return name; }
    public String output() { return output; }
    public SourceSpec source() { return source; }
    public FeatureSpec features() { return features; }
    public CleaningPolicy policy() { return policy; }
    /** {@code data.range.<column>}: the physical range of numeric columns. */
    public ValueRanges ranges() { return ranges; }
    public SplitSpec split() { return split; }
    public WindowSpec window() { return window; }

    /** The shortest segment that is kept: {@code data.segment.min-steps}, or one window ({@code k + 1} steps). */
    public int minSegmentSteps() {
        return policy.minSegmentSteps > 0 ? policy.minSegmentSteps : window.steps + 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataConfig c && name.equals(c.name) && output.equals(c.output) && source.equals(c.source)
                && features.equals(c.features) && policy.equals(c.policy) && ranges.equals(c.ranges) && split.equals(c.split) && window.equals(c.window);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, output, source, features, policy, ranges, split, window);
    }
}
