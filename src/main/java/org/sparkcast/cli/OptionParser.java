package org.sparkcast.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.sparkcast.data.NearestName;

/**
 * The one option parser of every command. A command declares its options (a value, a flag, or a shorthand for a
 * config key such as {@code --horizon} for {@code forecast.horizon}); every command that reads a config also takes
 * {@code --config FILE} and {@code --set key=value} (repeatable); every command answers {@code --help} and
 * {@code --version}. {@code --name value} and {@code --name=value} are the same.
 *
 * <p>Every mistake on the command line is a {@link UsageException} (exit 2) in one line: an unknown option (with the
 * nearest known one, as for config keys), a missing value, a value that is not a number or is below its minimum.
 * Shorthands and {@code --set} apply on top of the config file in the order given.
 */
final class OptionParser {
    private final String command;
    private final String usage;
    private final String noConfig;
    /** Option name to whether it takes a value. */
    private final Map<String, Boolean> options = new LinkedHashMap<>();
    /** Shorthand option to the config key it sets. */
    private final Map<String, String> shorthands = new LinkedHashMap<>();
    /** Whether words that are no option (e.g. {@code model promote VERSION}) are the command's operands. */
    private boolean operands;

    private OptionParser(String command, String usage, String noConfig) {
        this.command = command;
        this.usage = usage;
        this.noConfig = noConfig;
        if (noConfig == null) {
            options.put("--config", true);
            options.put("--set", true);
        }
    }

    /** A command that reads a config ({@code --config}, {@code --set}). */
    static OptionParser withConfig(String command, String usage) {
        return new OptionParser(command, usage, null);
    }

    /** A command that reads no config; {@code why} says so when {@code --config} or {@code --set} is given. */
    static OptionParser withoutConfig(String command, String usage, String why) {
        return new OptionParser(command, usage, why);
    }

    /** Options that take a value. */
    OptionParser values(String... names) {
        for (String n : names) {
            options.put(n, true);
        }
        return this;
    }

    /** Options without a value. */
    OptionParser flags(String... names) {
        for (String n : names) {
            options.put(n, false);
        }
        return this;
    }

    /** Accepts words that are no option as operands ({@link Parsed#operands()}), in their order. */
    OptionParser withOperands() {
        this.operands = true;
        return this;
    }

    /** Options that are shorthands for config keys (option to key). */
    OptionParser shorthands(Map<String, String> optionToKey) {
        optionToKey.forEach((option, key) -> {
            options.put(option, true);
            shorthands.put(option, key);
        });
        return this;
    }

    /** Reads {@code args}; a mistake throws a one-line {@link UsageException}. */
    Parsed parse(String[] args) {
        Parsed p = new Parsed();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 2) {
                inline = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            if (arg.equals("--help") || arg.equals("-h")) {
                p.help = true;
                continue;
            }
            if (arg.equals("--version")) {
                p.version = true;
                continue;
            }
            if (!arg.startsWith("-")) {
                if (!operands) {
                    throw new UsageException("unexpected argument '" + arg + "' (see sparkcast " + command + " --help)");
                }
                p.operands.add(arg);
                continue;
            }
            if (noConfig != null && (arg.equals("--config") || arg.equals("--set"))) {
                throw new UsageException(arg + ": " + noConfig + " (see sparkcast " + command + " --help)");
            }
            Boolean takesValue = options.get(arg);
            if (takesValue == null) {
                throw new UsageException("unknown option '" + arg + "'" + NearestName.hint(arg, options.keySet())
                        + " (see sparkcast " + command + " --help)");
            }
            if (!takesValue) {
                if (inline != null) {
                    throw new UsageException(arg + " takes no value, got '" + inline + "'");
                }
                p.flags.add(arg);
                continue;
            }
            String value = inline != null ? inline : ++i < args.length ? args[i] : null;
            if (value == null) {
                throw new UsageException(arg + " needs a value (see sparkcast " + command + " --help)");
            }
            if (arg.equals("--config")) {
                p.configFile = value;
            } else if (arg.equals("--set")) {
                p.overrides.add(value);
            } else if (shorthands.containsKey(arg)) {
                p.overrides.add(shorthands.get(arg) + "=" + value);
            } else {
                p.values.put(arg, value);
            }
        }
        p.usage = usage;
        return p;
    }

    /** What the command line said. */
    static final class Parsed {
        private boolean help;
        private boolean version;
        private String usage;
        private String configFile;
        private final List<String> overrides = new ArrayList<>();
        private final List<String> flags = new ArrayList<>();
        private final List<String> operands = new ArrayList<>();
        private final Map<String, String> values = new LinkedHashMap<>();

        /**
         * Whether {@code --help} or {@code --version} was asked for; it has then been answered on standard output and
         * the command should return {@link ExitCode#OK}.
         */
        boolean answered() {
            if (version) {
                System.out.println(Main.version());
            } else if (help) {
                System.out.println(usage);
            }
            return help || version;
        }

        /** The config file (or none) with every {@code --set} and shorthand on top, unknown keys refused. */
        Properties config() {
            return ConfigFiles.load(configFile, overrides);
        }

        /** The config file given with {@code --config}, or null. */
        String configFile() {
            return configFile;
        }

        /** Whether anything at all configures the command ({@code --config}, {@code --set} or a shorthand). */
        boolean configured() {
            return configFile != null || !overrides.isEmpty();
        }

        /** The words that are no option, in order (commands that take operands only). */
        List<String> operands() {
            return operands;
        }

        boolean has(String flag) {
            return flags.contains(flag);
        }

        String value(String option, String fallback) {
            return values.getOrDefault(option, fallback);
        }

        /** A whole number of at least {@code min}. */
        int count(String option, int fallback, int min) {
            long n = whole(option, fallback);
            if (n < min || n > Integer.MAX_VALUE) {
                throw new UsageException(option + " must be a whole number >= " + min + ", got " + n);
            }
            return (int) n;
        }

        long whole(String option, long fallback) {
            String v = values.get(option);
            if (v == null) {
                return fallback;
            }
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new UsageException(option + " needs a whole number, got '" + v + "'");
            }
        }

        double decimal(String option, double fallback) {
            String v = values.get(option);
            if (v == null) {
                return fallback;
            }
            try {
                return Double.parseDouble(v.trim());
            } catch (NumberFormatException e) {
                throw new UsageException(option + " needs a number, got '" + v + "'");
            }
        }
    }
}
