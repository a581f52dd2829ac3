package fintrans.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The repository's Grafana files, read for the dashboard tests: {@code grafana-dashboard.json} and the
 * provisioning files under {@code grafana/provisioning}. Maven runs the tests in the module folder, so the
 * repository root is its parent.
 */
final class GrafanaDashboard {
    static final Path ROOT = Path.of("..");
    static final Path DASHBOARD = ROOT.resolve("grafana-dashboard.json");
    static final Path DATASOURCES = ROOT.resolve("grafana/provisioning/datasources/fintrans.yaml");
    static final Path DASHBOARD_PROVIDERS = ROOT.resolve("grafana/provisioning/dashboards/fintrans.yaml");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** A Grafana variable or macro: {@code $name}, {@code ${name}} or the older {@code [[name]]}. */
    private static final Pattern LEFT_OVER_MACRO = Pattern.compile("\\$\\{?\\w+|\\[\\[\\w+");

    private GrafanaDashboard() {
    }

    static String dashboardText() throws IOException {
        return Files.readString(DASHBOARD);
    }

    static JsonNode dashboard() throws IOException {
        return JSON.readTree(DASHBOARD.toFile());
    }

    static JsonNode datasources() throws IOException {
        return YAML.readTree(DATASOURCES.toFile());
    }

    static JsonNode dashboardProviders() throws IOException {
        return YAML.readTree(DASHBOARD_PROVIDERS.toFile());
    }

    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panels::add);
        return panels;
    }

    /**
     * Replaces the macros of a raw InfluxQL query as Grafana does before the query goes to InfluxDB, for a
     * dashboard range from {@code fromMillis} to {@code toMillis} and the group-by interval {@code interval}.
     *
     * <p>The rendering follows Grafana's InfluxDB backend ({@code Query.Build} and {@code renderTimeFilter}
     * in {@code pkg/tsdb/influxdb/models/query.go} of the grafana/grafana repository):
     * <ul>
     *   <li>{@code $timeFilter} becomes {@code time >= FROMms and time <= TOms}, with both ends of the
     *       resolved range in epoch milliseconds, for relative ranges such as {@code now-1h} too;</li>
     *   <li>{@code $interval} and {@code $__interval} become the interval as text, such as {@code 10s};</li>
     *   <li>{@code $__interval_ms} becomes the interval in milliseconds, a plain number.</li>
     * </ul>
     *
     * @throws AssertionError when a macro or variable is left over, because Grafana would send it as it is
     */
    static String expandMacros(String query, long fromMillis, long toMillis, Duration interval) {
        String expanded = query
                .replace("$timeFilter", "time >= " + fromMillis + "ms and time <= " + toMillis + "ms")
                .replace("$interval", intervalText(interval))
                .replace("$__interval_ms", Long.toString(interval.toMillis()))
                .replace("$__interval", intervalText(interval));
        Matcher leftOver = LEFT_OVER_MACRO.matcher(expanded);
        if (leftOver.find()) {
            throw new AssertionError("the query keeps the macro " + leftOver.group() + " after expansion: " + expanded);
        }
        return expanded;
    }

    /**
     * Returns the interval as Grafana writes it into queries, such as {@code 10s}. Only whole seconds below
     * a minute are supported, because the tests use no other intervals.
     */
    private static String intervalText(Duration interval) {
        if (interval.toMillis() % 1000 != 0 || interval.toSeconds() < 1 || interval.toSeconds() >= 60) {
            throw new IllegalArgumentException("unsupported test interval " + interval + "; use 1s to 59s");
        }
        return interval.toSeconds() + "s";
    }
}
