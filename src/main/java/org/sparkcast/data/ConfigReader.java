package org.sparkcast.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Typed, validated access to the {@code data.*} keys of a properties file. Defaults come from
 * {@link DataKeys}; every error names the key and the offending value; {@link #rejectUnknown} refuses
 * keys that no one reads, with the nearest known key as a suggestion.
 */
final class ConfigReader {
    private final Properties props;

    ConfigReader(Properties props) {
        this.props = props;
    }

    String string(String key) {
        String v = props.getProperty(key);
        if (v == null) {
            v = DataKeys.defaultOf(key);
        }
        if (v == null) {
            throw new InvalidDataException("missing required key '" + key + "'");
        }
        return v.trim();
    }

    /** Raw value, keeping spaces (a separator may be a space or a tab written as {@code \t}). */
    String raw(String key) {
        String v = props.getProperty(key);
        return v == null ? DataKeys.defaultOf(key) : v;
    }

    List<String> list(String key) {
        List<String> out = new ArrayList<>();
        for (String part : string(key).split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return List.copyOf(out);
    }

    int integer(String key, int min, int max) {
        String v = string(key);
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                throw new InvalidDataException(key + "=" + v + " is outside [" + min + ", " + max + "]");
            }
            return i;
        } catch (NumberFormatException e) {
            throw new InvalidDataException(key + "=" + v + " is not an integer");
        }
    }

    double decimal(String key, double min, double max) {
        String v = string(key);
        try {
            double d = Double.parseDouble(v);
            if (!(d >= min && d <= max)) {
                throw new InvalidDataException(key + "=" + v + " is outside [" + min + ", " + max + "]");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new InvalidDataException(key + "=" + v + " is not a number");
        }
    }

    boolean bool(String key) {
        String v = string(key).toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new InvalidDataException(key + "=" + v + " must be true or false");
        }
        return v.equals("true");
    }

    <E extends Enum<E>> E choice(String key, Class<E> type) {
        return parseChoice(key, string(key), type);
    }

    /** Enum constant from its config spelling: {@code z-score} is {@code Z_SCORE}. */
    static <E extends Enum<E>> E parseChoice(String key, String value, Class<E> type) {
        String name = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(configName(e));
        }
        throw new InvalidDataException(key + "=" + value + " is not one of " + names + NearestName.hint(value, names));
    }

    static String configName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Fails on a {@code data.*} key that is not known, or a key of no known section. */
    void rejectUnknown() {
        List<String> known = DataKeys.all();
        for (String key : props.stringPropertyNames()) {
            boolean other = ConfigSections.known(key) && !key.startsWith("data.");   // another section checks those
            boolean range = key.startsWith(DataKeys.RANGE_PREFIX) && key.length() > DataKeys.RANGE_PREFIX.length(); // ValueRanges checks the column
            if (!other && !range && !known.contains(key)) {
                throw new InvalidDataException("unknown configuration key '" + key + "'" + NearestName.hint(key, known));
            }
        }
    }
}
