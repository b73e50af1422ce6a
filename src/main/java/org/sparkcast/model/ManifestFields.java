package org.sparkcast.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Typed reads of one {@code manifest.json}, each failure an {@link IllegalArgumentException} naming the file and the
 * field ({@code .../manifest.json: field 'network.cell' is 'LSTL', expected one of [LSTM, GRU, ...]}): a model written
 * by hand, by another tool or damaged on disk is bad input (exit 3), never a {@code NullPointerException}. Fields are
 * named by dotted paths from the root.
 */
final class ManifestFields {
    private final Path file;
    private final JsonNode root;

    private ManifestFields(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /** Parses {@code file}; JSON that does not parse, or is no object, is refused naming the file. */
    static ManifestFields parse(FileSystem fs, Path file, ObjectMapper json) throws IOException {
        JsonNode root;
        try (InputStream in = fs.open(file)) {
            root = json.readTree(in);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not readable JSON (" + e.getOriginalMessage() + " at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + "): the file is damaged; promote another "
                    + "version or retrain");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": not a JSON object: the file is damaged; promote another version or retrain");
        }
        return new ManifestFields(file, root);
    }

    Path file() {
        return file;
    }

    JsonNode root() {
        return root;
    }

    /** The node at {@code field}, or null when absent (or JSON null). */
    JsonNode optional(String field) {
        JsonNode n = root;
        for (String part : field.split("\\.")) {
            n = n.get(part);
            if (n == null || n.isNull()) {
                return null;
            }
        }
        return n;
    }

    JsonNode object(String field) {
        JsonNode n = required(field);
        if (!n.isObject()) {
            throw invalid(field, n, "a JSON object");
        }
        return n;
    }

    String text(String field) {
        JsonNode n = required(field);
        if (!n.isTextual() || n.asText().isEmpty()) {
            throw invalid(field, n, "a non-empty string");
        }
        return n.asText();
    }

    /** A whole number in [min, max]. */
    long whole(String field, long min, long max) {
        JsonNode n = required(field);
        if (!n.canConvertToLong() || !n.isIntegralNumber() || n.asLong() < min || n.asLong() > max) {
            throw invalid(field, n, "a whole number in [" + min + ", " + max + "]");
        }
        return n.asLong();
    }

    int integer(String field, int min) {
        return (int) whole(field, min, Integer.MAX_VALUE);
    }

    <E extends Enum<E>> E choice(String field, Class<E> type) {
        String v = text(field);
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(v)) {
                return e;
            }
            names.add(e.name());
        }
        throw new IllegalArgumentException(file + ": field '" + field + "' is '" + v + "', expected one of " + names);
    }

    /** A refusal naming the file and {@code what} is wrong with it. */
    IllegalArgumentException refuse(String what) {
        return new IllegalArgumentException(file + ": " + what);
    }

    private JsonNode required(String field) {
        JsonNode n = optional(field);
        if (n == null) {
            throw new IllegalArgumentException(file + ": field '" + field + "' is missing");
        }
        return n;
    }

    private IllegalArgumentException invalid(String field, JsonNode value, String expected) {
        String shown = value.toString();
        return new IllegalArgumentException(file + ": field '" + field + "' is " + (shown.length() > 60 ? shown.substring(0, 60) + "..." : shown)
                + ", expected " + expected);
    }
}
