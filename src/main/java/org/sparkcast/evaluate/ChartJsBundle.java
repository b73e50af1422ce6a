package org.sparkcast.evaluate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;

/**
 * Chart.js's minified UMD bundle, read from the {@code org.webjars.npm:chart.js} WebJar on the classpath, to
 * be inlined into the report's {@code <script>}. The version is read from the WebJar's own Maven metadata,
 * so a version bump in the pom needs no code change.
 */
final class ChartJsBundle {
    private static final String POM_PROPERTIES = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";
    private static final String BUNDLE = "META-INF/resources/webjars/chart.js/%s/dist/chart.umd.min.js";

    private static volatile String cached;

    private ChartJsBundle() {
    }

    /** The WebJar's Chart.js version, e.g. {@code 4.5.1}. */
    static String version() {
        Properties p = new Properties();
        try (InputStream in = open(POM_PROPERTIES)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + POM_PROPERTIES, e);
        }
        String version = p.getProperty("version");
        if (version == null) {
            throw new IllegalStateException(POM_PROPERTIES + " names no version");
        }
        return version;
    }

    /**
     * The bundle's JavaScript, safe to place between {@code <script>} and {@code </script>}: without its
     * source-map comment (which would make developer tools fetch a file the report does not have).
     */
    static String javascript() {
        String js = cached;
        if (js == null) {
            String path = String.format(BUNDLE, version());
            try (InputStream in = open(path)) {
                js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
            js = js.replaceAll("(?m)^//# sourceMappingURL=\\S*\\s*$", "");
            String lower = js.toLowerCase(Locale.ROOT);
            if (lower.contains("</script") || lower.contains("<!--")) {
                throw new IllegalStateException(path + " contains '</script' or '<!--' and cannot be inlined as is");
            }
            cached = js;
        }
        return js;
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = ChartJsBundle.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException(resource + " not on the classpath: the org.webjars.npm:chart.js WebJar is missing"
                    + " (target/lib, or the shade includes of sparkcast-submit.jar)");
        }
        return in;
    }
}
