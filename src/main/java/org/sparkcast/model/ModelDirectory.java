package org.sparkcast.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model directory on any Hadoop filesystem, holding versions so that {@code train} never loses the previous model:
 * <pre>
 * CURRENT                              the name of the current version, one line
 * versions/20261202T193512Z-3fa9c1/    one model each ({@link ModelFiles}: manifest.json + params.bin)
 * versions/20261203T081500Z-b70e22/
 * </pre>
 * A version is written into a temporary sibling and renamed into place ({@link AtomicDirectory}), then {@code CURRENT}
 * is replaced by a rename of a complete temporary file; a reader sees the previous current version or the new one,
 * never a half-written one, and a run that dies before the rename leaves the previous one current. After a successful
 * write the oldest versions beyond {@code keep} are deleted, never the current one. Names start with the UTC time to
 * the second; order comes from the manifest's {@code created}, which is finer. {@link #promote} makes another version
 * current. The older flat layout — {@code manifest.json} and {@code params.bin} directly in the directory — still
 * reads, and the first versioned write into it keeps that model as the version {@code <its time>-flat}.
 */
public final class ModelDirectory {
    public static final String FORMAT = "sparkcast-model";
    public static final int VERSION = 1;
    public static final String CURRENT = "CURRENT";
    public static final String VERSIONS = "versions";
    private static final Logger LOG = LoggerFactory.getLogger(ModelDirectory.class);
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private ModelDirectory() {
    }

    /** Writes {@code model} as a new version and makes it current, keeping the 5 newest versions. */
    public static String write(SavedModel model, String dir, Configuration hadoop) throws IOException {
        return write(model, dir, hadoop, 5);
    }

    /** Writes {@code model} as a new version, makes it current and deletes the oldest beyond {@code keep}; returns its name. */
    public static String write(SavedModel model, String dir, Configuration hadoop, int keep) throws IOException {
        if (keep < 1) {
            throw new IllegalArgumentException("keep " + keep + " versions: expected at least 1 (the current one)");
        }
        Path root = new Path(dir);
        FileSystem fs = root.getFileSystem(hadoop);
        Instant created = Instant.now();
        String name = NAME_TIME.format(created) + "-" + UUID.randomUUID().toString().substring(0, 6);
        Path versions = new Path(root, VERSIONS);
        fs.mkdirs(versions);
        AtomicDirectory.write(fs, new Path(versions, name), tmp -> ModelFiles.write(fs, tmp, model, created));
        boolean flat = fs.exists(new Path(root, ModelFiles.MANIFEST));
        if (flat) {
            keepFlatModel(fs, root);
        }
        writeCurrent(fs, root, name);
        if (flat) { // CURRENT now decides; the flat files are a version of their own
            fs.delete(new Path(root, ModelFiles.MANIFEST), false);
            fs.delete(new Path(root, ModelFiles.PARAMS), false);
        }
        prune(fs, root, keep, name);
        return name;
    }

    /** Reads the current model: the version {@code CURRENT} names, else the flat layout's files. */
    public static SavedModel read(String dir, Configuration hadoop) throws IOException {
        Path root = new Path(dir);
        FileSystem fs = root.getFileSystem(hadoop);
        String current = current(fs, root);
        if (current != null) {
            Path folder = new Path(new Path(root, VERSIONS), current);
            if (!fs.exists(folder)) {
                throw new IllegalArgumentException(new Path(root, CURRENT) + " names version '" + current + "', which is not in "
                        + new Path(root, VERSIONS) + ": promote another version (sparkcast model list --model-dir " + dir + ")");
            }
            return ModelFiles.read(fs, folder);
        }
        if (fs.exists(new Path(root, ModelFiles.MANIFEST))) {
            return ModelFiles.read(fs, root);
        }
        if (!versionFolders(fs, root).isEmpty()) {
            throw new IllegalArgumentException(dir + " holds model versions but no CURRENT naming one (a run died before naming "
                    + "its version): choose one with sparkcast model promote VERSION --model-dir " + dir);
        }
        throw new IllegalArgumentException(dir + " is not a Sparkcast model directory (no CURRENT or manifest.json)");
    }

    /** Reads one version by name ({@link ModelVersion#FLAT} for the flat layout's model). */
    public static SavedModel read(String dir, String version, Configuration hadoop) throws IOException {
        Path root = new Path(dir);
        FileSystem fs = root.getFileSystem(hadoop);
        return ModelFiles.read(fs, folderOf(fs, root, version));
    }

    /** Every version, oldest first (the flat layout's model included), each described from its manifest. */
    public static List<ModelVersion> versions(String dir, Configuration hadoop) throws IOException {
        Path root = new Path(dir);
        FileSystem fs = root.getFileSystem(hadoop);
        if (!fs.exists(root)) {
            throw new IllegalArgumentException(dir + " is not a Sparkcast model directory (it does not exist)");
        }
        String current = current(fs, root);
        List<ModelVersion> all = new ArrayList<>();
        if (fs.exists(new Path(root, ModelFiles.MANIFEST))) {
            all.add(VersionSummary.of(fs, root, ModelVersion.FLAT, current == null));
        }
        for (FileStatus s : versionFolders(fs, root)) {
            String name = s.getPath().getName();
            all.add(VersionSummary.of(fs, new Path(new Path(root, VERSIONS), name), name, name.equals(current)));
        }
        all.sort(Comparator.comparing(ModelVersion::created).thenComparing(ModelVersion::name));
        return all;
    }

    /** One version described ({@code version} null: the current one). */
    public static ModelVersion describe(String dir, String version, Configuration hadoop) throws IOException {
        List<ModelVersion> all = versions(dir, hadoop);
        for (ModelVersion v : all) {
            if (version == null ? v.current() : v.name().equals(version)) {
                return v;
            }
        }
        if (version == null) {
            read(dir, hadoop); // explains why there is no current version
        }
        throw unknown(dir, version, all.stream().map(ModelVersion::name).toList());
    }

    /**
     * Makes {@code version} current, after reading it whole (manifest fields, parameter length and checksum): a damaged
     * version is refused rather than promoted.
     */
    public static void promote(String dir, String version, Configuration hadoop) throws IOException {
        Path root = new Path(dir);
        FileSystem fs = root.getFileSystem(hadoop);
        if (ModelVersion.FLAT.equals(version)) {
            throw new IllegalArgumentException("the flat model in " + dir + " is current while no version is written; it cannot be promoted");
        }
        ModelFiles.read(fs, folderOf(fs, root, version));
        writeCurrent(fs, root, version);
    }

    /** The folder of {@code version}; an unknown name is refused listing the known ones. */
    private static Path folderOf(FileSystem fs, Path root, String version) throws IOException {
        if (ModelVersion.FLAT.equals(version) && fs.exists(new Path(root, ModelFiles.MANIFEST))) {
            return root;
        }
        for (FileStatus s : versionFolders(fs, root)) {
            if (s.getPath().getName().equals(version)) {
                return new Path(new Path(root, VERSIONS), version); // as the user named the directory, unqualified
            }
        }
        throw unknown(root.toString(), version, versions(root.toString(), fs.getConf()).stream().map(ModelVersion::name).toList());
    }

    /** Refuses {@code version}, listing the known ones oldest first. */
    private static IllegalArgumentException unknown(String dir, String version, List<String> names) {
        return new IllegalArgumentException("no version '" + version + "' in " + dir + " (versions: "
                + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
    }

    /** The version folders under {@code versions/}, skipping the temporary and set-aside ones (leading {@code _} or {@code .}). */
    private static List<FileStatus> versionFolders(FileSystem fs, Path root) throws IOException {
        Path versions = new Path(root, VERSIONS);
        List<FileStatus> folders = new ArrayList<>();
        if (fs.exists(versions)) {
            for (FileStatus s : fs.listStatus(versions)) {
                String n = s.getPath().getName();
                if (s.isDirectory() && !n.startsWith("_") && !n.startsWith(".")) {
                    folders.add(s);
                }
            }
        }
        return folders;
    }

    /** The version {@code CURRENT} names, or null without {@code CURRENT}; a name that is no version name is refused. */
    private static String current(FileSystem fs, Path root) throws IOException {
        FileSystem raw = ModelFiles.raw(fs);
        Path file = new Path(root, CURRENT);
        if (!raw.exists(file)) {
            return null;
        }
        String name;
        try (InputStream in = raw.open(file)) {
            name = new String(in.readNBytes(256), StandardCharsets.UTF_8).trim();
        }
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException(file + ": '" + (name.length() > 40 ? name.substring(0, 40) + "..." : name)
                    + "' is not a version name: the file is damaged; promote a version (sparkcast model list --model-dir " + root + ")");
        }
        return name;
    }

    /**
     * Replaces {@code CURRENT} by renaming a complete temporary file onto it. A POSIX rename (the local filesystem)
     * replaces the target atomically; HDFS refuses to rename onto a file, so there the rename with {@code OVERWRITE},
     * atomic on HDFS, is used.
     */
    private static void writeCurrent(FileSystem fs, Path root, String name) throws IOException {
        FileSystem raw = ModelFiles.raw(fs);
        Path tmp = new Path(root, "_tmp-" + CURRENT + "-" + UUID.randomUUID());
        Path target = new Path(root, CURRENT);
        try {
            try (FSDataOutputStream out = raw.create(tmp, false)) {
                out.write((name + "\n").getBytes(StandardCharsets.UTF_8));
                out.hsync();
            }
            if (!raw.rename(tmp, target)) {
                FileContext.getFileContext(raw.getUri(), raw.getConf()).rename(tmp, target, Options.Rename.OVERWRITE);
            }
        } finally {
            if (raw.exists(tmp)) {
                raw.delete(tmp, false);
            }
        }
    }

    /** Copies the flat layout's model into {@code versions/<its time>-flat} (read raw: a damaged one is kept as it is). */
    private static void keepFlatModel(FileSystem fs, Path root) throws IOException {
        FileSystem raw = ModelFiles.raw(fs);
        Path manifest = new Path(root, ModelFiles.MANIFEST);
        long modified = raw.getFileStatus(manifest).getModificationTime();
        String name = NAME_TIME.format(Instant.ofEpochMilli(modified)) + "-flat";
        Path target = new Path(new Path(root, VERSIONS), name);
        if (fs.exists(target)) {
            return;
        }
        AtomicDirectory.write(fs, target, tmp -> {
            fs.mkdirs(tmp);
            for (String file : List.of(ModelFiles.MANIFEST, ModelFiles.PARAMS)) {
                Path from = new Path(root, file);
                if (raw.exists(from) && !FileUtil.copy(raw, from, fs, new Path(tmp, file), false, fs.getConf())) {
                    throw new IOException("could not copy " + from + " into " + tmp);
                }
            }
            raw.setTimes(new Path(tmp, ModelFiles.MANIFEST), modified, -1); // its time orders it among the versions
        });
        LOG.info("the model of the older flat layout in {} is kept as version {}", root, name);
    }

    /** Deletes the oldest versions while more than {@code keep} remain, never {@code current}. */
    private static void prune(FileSystem fs, Path root, int keep, String current) throws IOException {
        List<ModelVersion> all = new ArrayList<>(versions(root.toString(), fs.getConf()));
        all.removeIf(v -> v.name().equals(ModelVersion.FLAT));
        for (int i = 0; all.size() > keep && i < all.size(); ) {
            ModelVersion oldest = all.get(i);
            if (oldest.name().equals(current)) {
                i++;
                continue;
            }
            fs.delete(new Path(oldest.folder()), true);
            LOG.info("deleted model version {} (train.keep-versions={})", oldest.name(), keep);
            all.remove(i);
        }
    }

}
