package fintrans.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks the structure of {@code grafana-dashboard.json} and the provisioning files that a Grafana server
 * would load. Grafana itself cannot be installed where the tests run, so these checks and
 * {@link DashboardQueriesIT} stand in for loading the files into Grafana.
 */
class DashboardFileTest {

    @Test
    void dashboardHasFixedUidAndLastHour() throws Exception {
        JsonNode dashboard = GrafanaDashboard.dashboard();

        assertEquals("fintrans-transactions", dashboard.path("uid").asText());
        assertFalse(dashboard.path("title").asText().isBlank(), "title");
        assertEquals("now-1h", dashboard.path("time").path("from").asText());
        assertEquals("now", dashboard.path("time").path("to").asText());
        assertEquals("5s", dashboard.path("refresh").asText());
        int schemaVersion = dashboard.path("schemaVersion").asInt();
        assertTrue(schemaVersion >= 36, "schemaVersion " + schemaVersion);
        assertTrue(schemaVersion <= 41, "schemaVersion " + schemaVersion);
    }

    @Test
    void dashboardHasNoExportPlaceholders() throws Exception {
        String text = GrafanaDashboard.dashboardText();

        assertFalse(GrafanaDashboard.dashboard().has("__inputs"), "__inputs");
        assertFalse(GrafanaDashboard.dashboard().has("__requires"), "__requires");
        assertFalse(text.contains("${DS_"), "a ${DS_...} datasource placeholder");
    }

    @Test
    void everyPanelUsesProvisionedDatasource() throws Exception {
        JsonNode datasource = GrafanaDashboard.datasources().path("datasources").path(0);
        String uid = datasource.path("uid").asText();
        assertEquals("fintrans-influxdb", uid);

        List<JsonNode> panels = GrafanaDashboard.panels(GrafanaDashboard.dashboard());
        assertEquals(4, panels.size());
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertEquals("influxdb", panel.path("datasource").path("type").asText(), title);
            assertEquals(uid, panel.path("datasource").path("uid").asText(), title);
            for (JsonNode target : panel.path("targets")) {
                assertEquals(uid, target.path("datasource").path("uid").asText(), title + " target");
            }
        }
    }

    @Test
    void everyTargetIsRawInfluxQl() throws Exception {
        for (JsonNode panel : GrafanaDashboard.panels(GrafanaDashboard.dashboard())) {
            String title = panel.path("title").asText();
            assertTrue(panel.path("targets").size() >= 1, title + " has no target");
            for (JsonNode target : panel.path("targets")) {
                assertTrue(target.path("rawQuery").asBoolean(), title + " rawQuery");
                assertFalse(target.path("refId").asText().isEmpty(), title + " refId");
                assertTrue(Set.of("time_series", "table").contains(target.path("resultFormat").asText()),
                        title + " resultFormat " + target.path("resultFormat"));
                assertTrue(target.path("query").asText().contains("WHERE $timeFilter"), title + " time filter");
            }
        }
    }

    @Test
    void panelsFitTheGridWithoutOverlap() throws Exception {
        Set<String> cells = new HashSet<>();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : GrafanaDashboard.panels(GrafanaDashboard.dashboard())) {
            JsonNode grid = panel.path("gridPos");
            int x = grid.path("x").asInt();
            int y = grid.path("y").asInt();
            int w = grid.path("w").asInt();
            int h = grid.path("h").asInt();
            assertTrue(w > 0, panel.path("title") + " width " + grid);
            assertTrue(h > 0, panel.path("title") + " height " + grid);
            assertTrue(x >= 0, panel.path("title") + " x " + grid);
            assertTrue(y >= 0, panel.path("title") + " y " + grid);
            assertTrue(x + w <= 24, panel.path("title") + " beyond the 24 columns " + grid);
            for (int column = x; column < x + w; column++) {
                for (int row = y; row < y + h; row++) {
                    assertTrue(cells.add(column + "," + row), panel.path("title") + " overlaps at " + column + "," + row);
                }
            }
            assertTrue(ids.add(panel.path("id").asInt()), "panel id " + panel.path("id") + " twice");
        }
    }

    @Test
    void volumePanelIgnoresPanelWidth() throws Exception {
        JsonNode volume = GrafanaDashboard.panels(GrafanaDashboard.dashboard()).get(0);
        String query = volume.path("targets").path(0).path("query").asText();

        assertEquals("Transaction volume per city", volume.path("title").asText());
        assertFalse(query.contains("time("), "the total over the range has no GROUP BY time(...): " + query);
        assertFalse(query.contains("$__interval"), query);
        assertEquals("currencyUSD", volume.path("fieldConfig").path("defaults").path("unit").asText());
    }

    @Test
    void amountsAreShownInDollars() throws Exception {
        List<JsonNode> panels = GrafanaDashboard.panels(GrafanaDashboard.dashboard());

        for (JsonNode panel : panels.subList(0, 2)) {
            assertTrue(panel.path("targets").path(0).path("query").asText().contains("(\"amount\") / 100"),
                    panel.path("title") + " divides cents by 100");
            assertEquals("currencyUSD", panel.path("fieldConfig").path("defaults").path("unit").asText());
        }
        JsonNode alertOverride = panels.get(3).path("fieldConfig").path("overrides").path(0);
        assertEquals("total", alertOverride.path("matcher").path("options").asText());
        assertEquals("currencyUSD", alertOverride.path("properties").path(0).path("value").asText());
    }

    @Test
    void datasourceFileReadsEnvironment() throws Exception {
        JsonNode file = GrafanaDashboard.datasources();
        JsonNode datasource = file.path("datasources").path(0);

        assertEquals(1, file.path("apiVersion").asInt());
        assertEquals(1, file.path("datasources").size());
        assertEquals("influxdb", datasource.path("type").asText());
        assertEquals("proxy", datasource.path("access").asText());
        assertEquals("${INFLUX_URL}", datasource.path("url").asText());
        assertEquals("${INFLUX_DB}", datasource.path("jsonData").path("dbName").asText());
        assertEquals("${INFLUX_USER}", datasource.path("user").asText());
        assertEquals("${INFLUX_PASSWORD}", datasource.path("secureJsonData").path("password").asText());
        assertFalse(datasource.has("password"), "a password outside secureJsonData is stored in plain text");
    }

    @Test
    void dashboardProviderReadsMountedFolder() throws Exception {
        JsonNode file = GrafanaDashboard.dashboardProviders();
        JsonNode provider = file.path("providers").path(0);

        assertEquals(1, file.path("apiVersion").asInt());
        assertEquals("file", provider.path("type").asText());
        assertEquals("/var/lib/grafana/dashboards", provider.path("options").path("path").asText());
    }

    @Test
    void macroExpansionFailsOnUnknownMacro() {
        AssertionError error = assertThrows(AssertionError.class, () -> GrafanaDashboard.expandMacros(
                "SELECT mean(x) FROM m WHERE $timeFilter AND host = '$host'", 0, 1, Duration.ofSeconds(10)));

        assertTrue(error.getMessage().contains("$host"), error.getMessage());
    }

    @Test
    void macroExpansionMatchesGrafanaRendering() {
        String expanded = GrafanaDashboard.expandMacros("SELECT count(a) * 1000 / $__interval_ms FROM m WHERE "
                + "$timeFilter GROUP BY time($__interval), time($interval)", 1_000, 3_601_000, Duration.ofSeconds(10));

        assertEquals("SELECT count(a) * 1000 / 10000 FROM m WHERE time >= 1000ms and time <= 3601000ms "
                + "GROUP BY time(10s), time(10s)", expanded);
    }
}
