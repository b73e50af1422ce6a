package org.sparkcast.cli;

import java.net.URI;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Refuses a {@code train} whose checkpoint or model directory overlaps another place the run reads or replaces,
 * before anything is written. {@code train --fresh} deletes checkpoints and a model write replaces the model
 * directory, so a checkpoint directory inside the model directory (or the other way round) loses one to the other;
 * either one over the input data loses the data or feeds checkpoints to the reader; and {@code evaluate} replaces
 * its whole output folder, so a model inside it is gone after the next evaluation.
 *
 * <p>Two places overlap when they are the same folder or one lies inside the other (paths compared after making
 * them absolute and normalised; other filesystems by scheme, host and path). A data path with wildcards counts from
 * its folder before the first wildcard, and then only that folder inside (or equal to) ours is refused: the wildcard
 * does not match our files. {@code data.output} only receives named files (run report, scaling), so
 * checkpoint and model directories may live inside it (the shipped configs do), but not the other way round.
 */
final class DirectoryOverlap {
    private DirectoryOverlap() {
    }

    /** Throws an {@link IllegalArgumentException} (exit 3) naming both keys and paths when they overlap. */
    static void refuseOverlaps(Properties props, String checkpointDir, String modelDir) {
        Map<String, String> own = new LinkedHashMap<>();
        own.put("train.checkpoint-dir", checkpointDir);
        own.put("train.model-dir", modelDir);
        refuse("train.checkpoint-dir", checkpointDir, "train.model-dir", modelDir, true);
        for (Map.Entry<String, String> o : own.entrySet()) {
            for (String data : props.getProperty("data.paths", "").split(",")) {
                if (!data.isBlank()) {
                    String folder = beforeWildcard(data.trim());
                    // a folder read whole would read our files; a wildcard reads only what it matches
                    refuse(o.getKey(), o.getValue(), "data.paths", folder, folder.equals(data.trim()));
                }
            }
            for (String key : new String[] {"evaluate.output", "forecast.output"}) {
                String out = props.getProperty(key, "").trim();
                if (!out.isEmpty()) {
                    refuse(o.getKey(), o.getValue(), key, out, true);
                }
            }
            String report = props.getProperty("data.output", "").trim();
            if (!report.isEmpty()) {
                refuse(o.getKey(), o.getValue(), "data.output", report, false);
            }
        }
    }

    /**
     * Refuses when {@code theirs} is {@code ours} or lies inside it, and (when {@code bothWays}) when {@code ours}
     * lies inside {@code theirs}.
     */
    private static void refuse(String ourKey, String ours, String theirKey, String theirs, boolean bothWays) {
        URI a = normalised(ours);
        URI b = normalised(theirs);
        String how = a.equals(b) ? "is the same folder as" : inside(b, a) ? "contains" : bothWays && inside(a, b) ? "lies inside" : null;
        if (how != null) {
            throw new IllegalArgumentException(ourKey + " (" + ours + ") " + how + " " + theirKey + " (" + theirs
                    + "): a run would delete or overwrite one with the other; give " + ourKey + " a folder of its own");
        }
    }

    /** Whether {@code inner} lies strictly inside {@code outer}. */
    static boolean inside(URI inner, URI outer) {
        if (!java.util.Objects.equals(inner.getScheme(), outer.getScheme())
                || !java.util.Objects.equals(inner.getAuthority(), outer.getAuthority())) {
            return false;
        }
        String o = outer.getPath().endsWith("/") ? outer.getPath() : outer.getPath() + "/";
        return inner.getPath().startsWith(o) && inner.getPath().length() > o.length();
    }

    /** A path as {@code scheme://authority/absolute/normalised/path} without a trailing slash. */
    static URI normalised(String path) {
        URI u = URI.create(path.replace(" ", "%20")).normalize();
        if (u.getScheme() == null || u.getScheme().equals("file")) {
            String local = Paths.get(u.getScheme() == null ? path : u.getPath()).toAbsolutePath().normalize().toString();
            return URI.create("file://" + local.replace(" ", "%20"));
        }
        String p = u.getPath() == null || u.getPath().isEmpty() ? "/" : u.getPath();
        return URI.create(u.getScheme() + "://" + (u.getAuthority() == null ? "" : u.getAuthority())
                + (p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p));
    }

    /** A data path cut before its first wildcard component ({@code data/*.csv} is {@code data}). */
    private static String beforeWildcard(String path) {
        int wild = indexOfAny(path, "*?[{");
        if (wild < 0) {
            return path;
        }
        int slash = path.lastIndexOf('/', wild);
        return slash < 0 ? "." : slash == 0 ? "/" : path.substring(0, slash);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
