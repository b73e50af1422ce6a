package org.sparkcast.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * What a data run found: rows read, kept, imputed and dropped by reason, series, segments and windows,
 * as nested sections. Written as JSON beside the outputs and summarised in one log line. Driver only.
 */
public final class RunReport {
    private final Map<String, Object> root = new LinkedHashMap<>();

    /** The section {@code path} (dot-separated), created on first use. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> section(String path) {
        Map<String, Object> m = root;
        for (String part : path.split("\\.")) {
            m = (Map<String, Object>) m.computeIfAbsent(part, k -> new LinkedHashMap<String, Object>());
        }
        return m;
    }

    public RunReport put(String path, String key, Object value) {
        section(path).put(key, value);
        return this;
    }

    /** A top-level value. */
    public RunReport put(String key, Object value) {
        root.put(key, value);
        return this;
    }

    /** A number in a section (0 when absent), for tests and summaries. */
    public long count(String path, String key) {
        Object v = section(path).get(key);
        return v instanceof Number n ? n.longValue() : 0;
    }

    public Map<String, Object> asMap() {
        return root;
    }

    public String toJson() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the run report as JSON", e);
        }
    }

    /** Writes {@code name} with {@code text} into the folder {@code dir} on its Hadoop filesystem. */
    public static void writeFile(Configuration conf, String dir, String name, String text) {
        Path path = new Path(dir, name);
        try (OutputStream out = path.getFileSystem(conf).create(path, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    static String json(Object value) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** One line: rows read/kept, imputed steps, series kept of found, windows per split. */
    public String summary() {
        return "data '" + root.get("dataset") + "': rows read " + count("rows", "read") + ", kept " + count("rows", "kept")
                + ", dropped " + section("rows.dropped") + "; steps kept " + count("steps", "kept") + ", imputed "
                + count("steps", "imputed") + "; series " + count("series", "kept") + " of " + count("series", "found")
                + "; segments " + section("segments") + "; windows " + windowsLine() + affectedLine(3);
    }

    /** {@code ; affected series: gap-too-long [a, b, c +4 more]; ...} naming the first {@code few} of each reason, or nothing. */
    private String affectedLine(int few) {
        if (!(root.get("affected-series") instanceof Map<?, ?> reasons) || reasons.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("; affected series (run-report.json lists them): ");
        String sep = "";
        for (Map.Entry<?, ?> e : reasons.entrySet()) {
            List<String> names = new ArrayList<>();
            if (e.getValue() instanceof Map<?, ?> m && m.get("series") instanceof List<?> list) {
                list.forEach(x -> names.add(String.valueOf(((Map<?, ?>) x).get("series"))));
            }
            b.append(sep).append(e.getKey()).append(' ').append(String.join(", ", names.subList(0, Math.min(few, names.size()))));
            if (names.size() > few) {
                b.append(" +").append(names.size() - few).append(" more");
            }
            sep = "; ";
        }
        return b.toString();
    }

    private String windowsLine() {
        StringBuilder b = new StringBuilder();
        section("windows").forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ')
                .append(v instanceof Map<?, ?> m ? m.get("windows") : v));
        return b.toString();
    }

}
