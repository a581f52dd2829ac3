package fintrans.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fintrans.common.ScenarioHeaders;
import fintrans.evaluation.EvaluationReport.KindFigures;
import fintrans.evaluation.EvaluationReport.RuleFigures;

class ReportFormatTest {
    private static final EvaluationReport REPORT = new EvaluationReport(11, 6, 4, 1, 0, 5, 1, 1, List.of(
            new RuleFigures("pair-total", List.of(new KindFigures(ScenarioHeaders.KIND_ONE_TARGET, 2, 0),
                    new KindFigures(ScenarioHeaders.KIND_MANY_TARGETS, 1, 0)), new KindFigures("all", 3, 0), 1, 0),
            new RuleFigures("structuring", List.of(new KindFigures(ScenarioHeaders.KIND_ONE_TARGET, 2, 1),
                    new KindFigures(ScenarioHeaders.KIND_MANY_TARGETS, 1, 1)), new KindFigures("all", 3, 2), 4, 2)));

    private static final EvaluationReport EMPTY = new EvaluationReport(0, 0, 0, 0, 0, 0, 0, 0, List.of(
            new RuleFigures("pair-total", List.of(new KindFigures(ScenarioHeaders.KIND_ONE_TARGET, 0, 0),
                    new KindFigures(ScenarioHeaders.KIND_MANY_TARGETS, 0, 0)), new KindFigures("all", 0, 0), 0, 0),
            new RuleFigures("structuring", List.of(new KindFigures(ScenarioHeaders.KIND_ONE_TARGET, 0, 0),
                    new KindFigures(ScenarioHeaders.KIND_MANY_TARGETS, 0, 0)), new KindFigures("all", 0, 0), 0, 0)));

    @Test
    void textShowsRecallAndPrecisionTables() {
        String text = ReportText.format(REPORT, "alerts", Duration.ofHours(24));

        String structuring = text.substring(text.indexOf("rule structuring"));
        List<String> lines = structuring.lines().toList();
        assertEquals(List.of(
                "rule structuring",
                "  scenario kind             injected  detected  recall",
                "  structuring-one-target           2         1   50.0%",
                "  structuring-many-targets         1         1  100.0%",
                "  all                              3         2   66.7%",
                "",
                "    alerts  on scenarios  on random background  precision",
                "         4             2                     2      50.0%"), lines);
        assertTrue(text.contains("  city topics:  11 records: 6 in 3 scenarios, 4 background, 1 invalid value, "
                + "0 with invalid scenario headers\n"), text);
        assertTrue(text.contains("  alerts topic: alerts: 5 alerts, 1 invalid value, 1 with a trigger outside the "
                + "city records read\n"), text);
        assertTrue(text.contains("  --window:     an alert without a window start covers the 24h before its window "
                + "end\n"), text);
        assertFalse(text.contains("n/a"), text);
    }

    @Test
    void textSaysNotAvailableWithoutScenariosOrAlerts() {
        String text = ReportText.format(EMPTY, "alerts", Duration.ofHours(24));

        assertTrue(text.contains("No scenario records in the city topics, so recall is n/a."), text);
        assertTrue(text.contains("No valid alerts in topic alerts, so precision is n/a."), text);
        assertTrue(text.contains("  all                              0         0     n/a"), text);
        assertTrue(text.contains("         0             0                     0        n/a"), text);
    }

    @Test
    void jsonHasTheSameFigures() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ReportJson.format(REPORT, "alerts", Duration.ofHours(1)));

        assertEquals(11, json.path("cityRecords").asLong());
        assertEquals(6, json.path("scenarioRecords").asLong());
        assertEquals(4, json.path("backgroundRecords").asLong());
        assertEquals(1, json.path("invalidTransactions").asLong());
        assertEquals(3, json.path("scenarios").asLong());
        assertEquals(5, json.path("alerts").asLong());
        assertEquals(1, json.path("invalidAlerts").asLong());
        assertEquals(1, json.path("triggersNotRead").asLong());
        assertEquals("1h", json.path("unboundedAlertLookback").asText());
        JsonNode structuring = json.path("rules").path("structuring");
        JsonNode oneTarget = structuring.path("scenarios").path("byKind").path(ScenarioHeaders.KIND_ONE_TARGET);
        assertEquals(2, oneTarget.path("injected").asLong());
        assertEquals(1, oneTarget.path("detected").asLong());
        assertEquals(0.5, oneTarget.path("recall").asDouble(), 1e-12);
        assertEquals(2 / 3.0, structuring.path("scenarios").path("all").path("recall").asDouble(), 1e-12);
        assertEquals(4, structuring.path("alerts").path("total").asLong());
        assertEquals(2, structuring.path("alerts").path("onScenarios").asLong());
        assertEquals(2, structuring.path("alerts").path("onBackground").asLong());
        assertEquals(0.5, structuring.path("alerts").path("precision").asDouble(), 1e-12);
    }

    @Test
    void jsonHasNullWhereTextSaysNotAvailable() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ReportJson.format(EMPTY, "alerts", Duration.ofHours(24)));

        JsonNode structuring = json.path("rules").path("structuring");
        assertTrue(structuring.path("scenarios").path("all").path("recall").isNull());
        assertTrue(structuring.path("alerts").path("precision").isNull());
        assertTrue(json.path("rules").path("pair-total").path("scenarios").path("byKind")
                .path(ScenarioHeaders.KIND_MANY_TARGETS).path("recall").isNull());
    }
}
