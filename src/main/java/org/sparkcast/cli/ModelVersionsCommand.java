package org.sparkcast.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.sparkcast.forecast.ForecastSettings;
import org.sparkcast.model.ModelDirectory;
import org.sparkcast.model.ModelVersion;

/**
 * {@code sparkcast model list|show|promote}: the versions of a model directory, one of them in detail, and switching
 * the current one. It reads manifests only (promote also reads the parameters, to refuse a damaged version), so it
 * starts no Spark; the model directory is found as {@code forecast} finds it ({@code --model-dir}, else
 * {@code forecast.model-dir}, else {@code train.model-dir} of the config), on any Hadoop filesystem, with the config's
 * {@code spark.hadoop.*} keys applied.
 */
final class ModelVersionsCommand {
    static final String USAGE = "usage: sparkcast model list|show [VERSION]|promote VERSION [--model-dir DIR] [--config FILE] [--set key=value ...]\n"
            + "  list               the versions, oldest first; * marks the current one (what forecast and evaluate use)\n"
            + "  show [VERSION]     one version's manifest summary (default the current one) and whether params.bin is intact\n"
            + "  promote VERSION    make VERSION current (atomically; a damaged version is refused)\n"
            + "  --model-dir DIR    the model directory (alias --model; default forecast.model-dir, else train.model-dir)\n"
            + "  --config FILE      a properties file to take the model directory from\n"
            + "  --set key=value    override one key (repeatable)";
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    int run(String[] args) {
        OptionParser.Parsed options = OptionParser.withConfig("model", USAGE).values("--model-dir", "--model").withOperands()
                .parse(args);
        if (options.answered()) {
            return ExitCode.OK.code();
        }
        String dir = options.value("--model-dir", options.value("--model", null));
        List<String> words = options.operands();
        if (words.isEmpty()) {
            throw new UsageException("needs list, show or promote (see sparkcast model --help)");
        }
        String action = words.get(0);
        int operands = words.size() - 1;
        boolean fits = switch (action) {
            case "list" -> operands == 0;
            case "show" -> operands <= 1;
            case "promote" -> operands == 1;
            default -> throw new UsageException("unknown action '" + action + "'" + org.sparkcast.data.NearestName.hint(action,
                    List.of("list", "show", "promote")) + " (list, show or promote)");
        };
        if (!fits) {
            throw new UsageException(action + (action.equals("promote") ? " needs exactly one VERSION" : " takes "
                    + (action.equals("list") ? "no VERSION" : "at most one VERSION")) + ", got " + words.subList(1, words.size()));
        }
        Properties props = options.config();
        String modelDir = dir != null ? dir : ForecastSettings.fromProperties(props).modelDir();
        Configuration hadoop = hadoop(props);
        try {
            switch (action) {
                case "list" -> list(modelDir, hadoop);
                case "show" -> show(modelDir, operands == 1 ? words.get(1) : null, hadoop);
                default -> promote(modelDir, words.get(1), hadoop);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ExitCode.OK.code();
    }

    /** A Hadoop configuration from the classpath's site files and the config's {@code spark.hadoop.*} keys, as Spark would make it. */
    private static Configuration hadoop(Properties props) {
        Configuration conf = new Configuration();
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith("spark.hadoop.")) {
                conf.set(key.substring("spark.hadoop.".length()), props.getProperty(key));
            }
        }
        return conf;
    }

    private static void list(String dir, Configuration hadoop) throws IOException {
        List<ModelVersion> all = ModelDirectory.versions(dir, hadoop);
        if (all.isEmpty()) {
            throw new IllegalArgumentException(dir + " holds no model version (no CURRENT, versions or manifest.json)");
        }
        int width = Math.max("VERSION".length(), all.stream().mapToInt(v -> v.name().length()).max().orElse(0));
        String row = "%-2s%-" + width + "s  %-19s  %10s  %15s  %-16s  %s%n";
        System.out.printf(Locale.ROOT, row, "", "VERSION", "CREATED (UTC)", "BEST EPOCH", "VALIDATION LOSS", "DATA", "FINGERPRINT");
        for (ModelVersion v : all) {
            String epoch = v.bestEpoch() == null ? "-" : v.bestEpoch().toString();
            String loss = v.loss() == null ? "-" : String.format(Locale.ROOT, "%.6f", v.loss());
            String tail = v.problem() != null ? "unreadable: " + v.problem() : v.fingerprint().isEmpty() ? "-" : v.fingerprint();
            System.out.printf(Locale.ROOT, row, v.current() ? "*" : "", v.name(), SHOWN.format(v.created()), epoch, loss,
                    v.data().isEmpty() ? "-" : v.data(), tail);
        }
        System.out.println("* current: what forecast and evaluate use; switch with 'sparkcast model promote VERSION'");
    }

    private static void show(String dir, String version, Configuration hadoop) throws IOException {
        ModelVersion v = ModelDirectory.describe(dir, version, hadoop);
        System.out.println("version " + v.name() + (v.current() ? " (current)" : ""));
        System.out.println("folder: " + v.folder());
        System.out.println("created: " + v.created());
        if (v.problem() != null) {
            System.out.println("manifest: unreadable: " + v.problem());
            return;
        }
        System.out.println(String.format(Locale.ROOT, "best epoch %s, validation loss %s", v.bestEpoch() == null ? "-" : v.bestEpoch(),
                v.loss() == null ? "-" : String.format(Locale.ROOT, "%.6f", v.loss())));
        System.out.println("data: " + (v.data().isEmpty() ? "-" : v.data()) + ", fingerprint " + (v.fingerprint().isEmpty() ? "-" : v.fingerprint()));
        v.details().forEach(System.out::println);
        try {
            ModelDirectory.read(dir, v.name(), hadoop);
            System.out.println("params.bin: intact (length and checksum as the manifest records, where recorded)");
        } catch (IllegalArgumentException e) {
            System.out.println("params.bin: DAMAGED: " + e.getMessage());
        }
    }

    private static void promote(String dir, String version, Configuration hadoop) throws IOException {
        String before = ModelDirectory.versions(dir, hadoop).stream().filter(ModelVersion::current).map(ModelVersion::name)
                .findFirst().orElse("none");
        ModelDirectory.promote(dir, version, hadoop);
        System.out.println("current version of " + dir + ": " + version + " (was " + before + ")");
    }
}
