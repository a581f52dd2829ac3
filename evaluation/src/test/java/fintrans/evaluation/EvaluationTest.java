package fintrans.evaluation;

import static fintrans.evaluation.Fixtures.addBackgroundRecord;
import static fintrans.evaluation.Fixtures.addScenarioRecord;
import static fintrans.evaluation.Fixtures.bytes;
import static fintrans.evaluation.Fixtures.minutes;
import static fintrans.evaluation.Fixtures.pairTotal;
import static fintrans.evaluation.Fixtures.structuring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

import fintrans.common.ScenarioHeaders;
import fintrans.common.alert.AlertJson;
import fintrans.evaluation.EvaluationReport.KindFigures;
import fintrans.evaluation.EvaluationReport.RuleFigures;

class EvaluationTest {
    private static final Duration DAY = Duration.ofHours(24);
    private static final RecordPosition A1_LAST = new RecordPosition("London", 0, 2);
    private static final RecordPosition A2_BACKGROUND = new RecordPosition("SF", 0, 9);
    private static final RecordPosition B9_BACKGROUND = new RecordPosition("Moscow", 0, 4);

    /** Scenarios s-1 (one target, a1), s-2 (many targets, a2) and s-3 (one target, a3), and some background. */
    private static GroundTruth threeScenarios() {
        GroundTruth truth = new GroundTruth();
        addScenarioRecord(truth, new RecordPosition("London", 0, 0), minutes(0), "a1 t1 9000", "s-1",
                ScenarioHeaders.KIND_ONE_TARGET);
        addScenarioRecord(truth, new RecordPosition("London", 0, 1), minutes(1), "a1 t1 9500.50", "s-1",
                ScenarioHeaders.KIND_ONE_TARGET);
        addScenarioRecord(truth, A1_LAST, minutes(2), "a1 t1 8000", "s-1", ScenarioHeaders.KIND_ONE_TARGET);
        addScenarioRecord(truth, new RecordPosition("SF", 0, 7), minutes(10), "a2 u1 9100", "s-2",
                ScenarioHeaders.KIND_MANY_TARGETS);
        addScenarioRecord(truth, new RecordPosition("Tokyo", 0, 3), minutes(11), "a2 u2 9200", "s-2",
                ScenarioHeaders.KIND_MANY_TARGETS);
        addScenarioRecord(truth, new RecordPosition("NYC", 1, 0), minutes(0), "a3 t3 9999.99", "s-3",
                ScenarioHeaders.KIND_ONE_TARGET);
        addBackgroundRecord(truth, A2_BACKGROUND, minutes(10), "a2 b3 20");
        addBackgroundRecord(truth, B9_BACKGROUND, minutes(60), "b9 b8 9000");
        return truth;
    }

    @Test
    void recallAndPrecisionPerRuleAndKind() {
        Evaluation evaluation = new Evaluation(threeScenarios(), DAY);
        evaluation.addAlert(structuring("a1", minutes(-1440), minutes(2), A1_LAST));
        evaluation.addAlert(structuring("a2", minutes(-1430), minutes(10), A2_BACKGROUND));
        evaluation.addAlert(structuring("b9", minutes(-1380), minutes(60), B9_BACKGROUND));
        evaluation.addAlert(pairTotal("b9", "b8", null, minutes(60), B9_BACKGROUND));

        EvaluationReport report = evaluation.report();

        RuleFigures structuring = rule(report, "structuring");
        assertEquals(List.of(new KindFigures(ScenarioHeaders.KIND_ONE_TARGET, 2, 1),
                new KindFigures(ScenarioHeaders.KIND_MANY_TARGETS, 1, 1)), structuring.byKind());
        assertEquals(new KindFigures("all", 3, 2), structuring.all());
        assertEquals(3, structuring.alerts());
        assertEquals(2, structuring.attributedAlerts());
        assertEquals(1, structuring.alertsOnBackground());
        assertEquals(2 / 3.0, structuring.precision().getAsDouble(), 1e-12);
        assertEquals(0.5, structuring.byKind().get(0).recall().getAsDouble(), 1e-12);
        assertEquals(2 / 3.0, structuring.all().recall().getAsDouble(), 1e-12);

        RuleFigures pairTotal = rule(report, "pair-total");
        assertEquals(new KindFigures("all", 3, 0), pairTotal.all());
        assertEquals(1, pairTotal.alerts());
        assertEquals(0, pairTotal.attributedAlerts());
        assertEquals(OptionalDouble.of(0), pairTotal.precision());
    }

    @Test
    void recordCountsComeFromCityTopics() {
        GroundTruth truth = threeScenarios();
        truth.addRecord(new RecordPosition("Tokyo", 1, 0), minutes(5), bytes("not a transaction"), null, null);

        EvaluationReport report = new Evaluation(truth, DAY).report();

        assertEquals(9, report.cityRecords());
        assertEquals(6, report.scenarioRecords());
        assertEquals(2, report.backgroundRecords());
        assertEquals(1, report.invalidTransactions());
        assertEquals(3, report.scenarios());
    }

    @Test
    void twoAlertsOnOneScenarioDetectItOnce() {
        Evaluation evaluation = new Evaluation(threeScenarios(), DAY);
        evaluation.addAlert(structuring("a1", minutes(-1440), minutes(1), new RecordPosition("London", 0, 1)));
        evaluation.addAlert(structuring("a1", minutes(-1440), minutes(2), A1_LAST));

        RuleFigures structuring = rule(evaluation.report(), "structuring");

        assertEquals(new KindFigures("all", 3, 1), structuring.all());
        assertEquals(2, structuring.attributedAlerts());
    }

    @Test
    void noScenariosGivesNoRecall() {
        GroundTruth truth = new GroundTruth();
        addBackgroundRecord(truth, B9_BACKGROUND, minutes(60), "b9 b8 9000");
        Evaluation evaluation = new Evaluation(truth, DAY);
        evaluation.addAlert(structuring("b9", minutes(-1380), minutes(60), B9_BACKGROUND));

        EvaluationReport report = evaluation.report();

        for (RuleFigures rule : report.rules()) {
            assertEquals(OptionalDouble.empty(), rule.all().recall(), rule.rule());
            for (KindFigures kind : rule.byKind()) {
                assertEquals(OptionalDouble.empty(), kind.recall(), rule.rule() + " " + kind.kind());
            }
        }
        assertEquals(OptionalDouble.of(0), rule(report, "structuring").precision());
    }

    @Test
    void noAlertsGivesNoPrecision() {
        EvaluationReport report = new Evaluation(threeScenarios(), DAY).report();

        for (RuleFigures rule : report.rules()) {
            assertEquals(OptionalDouble.empty(), rule.precision(), rule.rule());
            assertEquals(OptionalDouble.of(0), rule.all().recall(), rule.rule());
        }
        assertEquals(0, report.alerts());
    }

    @Test
    void invalidAlertValuesAreCountedAndSkipped() {
        Evaluation evaluation = new Evaluation(threeScenarios(), DAY);
        RecordPosition position = new RecordPosition("alerts", 0, 0);

        evaluation.addAlertValue(position, bytes("{"));
        evaluation.addAlertValue(position, null);
        evaluation.addAlertValue(position, bytes("{\"rule\":\"velocity\",\"source\":\"a1\"}"));
        evaluation.addAlertValue(position, AlertJson.write(structuring("a1", minutes(-1440), minutes(2), A1_LAST)));

        EvaluationReport report = evaluation.report();
        assertEquals(3, report.invalidAlerts());
        assertEquals(1, report.alerts());
        assertEquals(1, rule(report, "structuring").attributedAlerts());
    }

    @Test
    void triggerOutsideRecordsReadIsCounted() {
        Evaluation evaluation = new Evaluation(threeScenarios(), DAY);
        evaluation.addAlert(structuring("zz", minutes(-1440), minutes(2), new RecordPosition("London", 0, 999)));
        evaluation.addAlert(structuring("zz", minutes(-1440), minutes(2), new RecordPosition("alerts", 0, 0)));
        evaluation.addAlert(structuring("a1", minutes(-1440), minutes(2), A1_LAST));

        EvaluationReport report = evaluation.report();

        assertEquals(2, report.triggersNotRead());
        assertEquals(3, report.alerts());
    }

    @Test
    void invalidScenarioHeadersAreLeftOut() {
        GroundTruth truth = threeScenarios();
        truth.addRecord(new RecordPosition("NYC", 2, 0), minutes(3), bytes("c1 d1 9000"), bytes("s-9"), null);
        truth.addRecord(new RecordPosition("NYC", 2, 1), minutes(3), bytes("c1 d1 9000"), bytes("s-9"), bytes(""));
        truth.addRecord(new RecordPosition("NYC", 2, 2), minutes(3), bytes("c1 d1 9000"), new byte[] {(byte) 0xff},
                bytes(ScenarioHeaders.KIND_ONE_TARGET));
        // s-1 was read with source a1; a record of s-1 from another source conflicts with it.
        addScenarioRecord(truth, new RecordPosition("NYC", 2, 3), minutes(3), "c1 t1 9000", "s-1",
                ScenarioHeaders.KIND_ONE_TARGET);
        addScenarioRecord(truth, new RecordPosition("NYC", 2, 4), minutes(3), "a1 t1 9000", "s-1",
                ScenarioHeaders.KIND_MANY_TARGETS);

        EvaluationReport report = new Evaluation(truth, DAY).report();

        assertEquals(5, report.invalidScenarioHeaders());
        assertEquals(3, report.scenarios(), "no scenario s-9");
        assertEquals(6, report.scenarioRecords());
        assertEquals(2, report.backgroundRecords());
    }

    @Test
    void unknownKindIsListedAfterKnownKinds() {
        GroundTruth truth = threeScenarios();
        addScenarioRecord(truth, new RecordPosition("NYC", 2, 0), minutes(3), "c1 d1 9000", "s-9", "smurfing");

        RuleFigures structuring = rule(new Evaluation(truth, DAY).report(), "structuring");

        List<String> kinds = structuring.byKind().stream().map(KindFigures::kind).toList();
        assertEquals(List.of(ScenarioHeaders.KIND_ONE_TARGET, ScenarioHeaders.KIND_MANY_TARGETS, "smurfing"), kinds);
        assertEquals(new KindFigures("all", 4, 0), structuring.all());
    }

    @Test
    void rulesArePairTotalThenStructuring() {
        List<String> rules = new Evaluation(new GroundTruth(), DAY).report().rules().stream()
                .map(RuleFigures::rule)
                .toList();

        assertEquals(List.of("pair-total", "structuring"), rules);
    }

    private static RuleFigures rule(EvaluationReport report, String id) {
        return report.rules().stream().filter(rule -> rule.rule().equals(id)).findFirst().orElseThrow();
    }
}
