package fintrans.evaluation;

import java.time.Duration;
import java.util.OptionalDouble;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import fintrans.common.DurationText;
import fintrans.evaluation.EvaluationReport.KindFigures;
import fintrans.evaluation.EvaluationReport.RuleFigures;

/**
 * Formats an {@link EvaluationReport} as JSON for scripts, with the same figures as {@link ReportText}.
 * Recall and precision are fractions from 0 to 1, or null where the text shows {@code n/a}. Example,
 * shortened to one rule and one kind:
 *
 * <pre>{@code
 * {"cityRecords":12345,"scenarioRecords":120,"backgroundRecords":12200,"invalidTransactions":25,
 *  "invalidScenarioHeaders":0,"scenarios":3,"alertsTopic":"alerts","alerts":30,"invalidAlerts":1,
 *  "triggersNotRead":0,"unboundedAlertLookback":"24h",
 *  "rules":{"structuring":{
 *    "scenarios":{"byKind":{"structuring-one-target":{"injected":2,"detected":1,"recall":0.5}},
 *                 "all":{"injected":3,"detected":2,"recall":0.6666666666666666}},
 *    "alerts":{"total":3,"onScenarios":2,"onBackground":1,"precision":0.6666666666666666}}}}
 * }</pre>
 */
final class ReportJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ReportJson() {
    }

    static String format(EvaluationReport report, String alertsTopic, Duration unboundedLookback) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("cityRecords", report.cityRecords());
        json.put("scenarioRecords", report.scenarioRecords());
        json.put("backgroundRecords", report.backgroundRecords());
        json.put("invalidTransactions", report.invalidTransactions());
        json.put("invalidScenarioHeaders", report.invalidScenarioHeaders());
        json.put("scenarios", report.scenarios());
        json.put("alertsTopic", alertsTopic);
        json.put("alerts", report.alerts());
        json.put("invalidAlerts", report.invalidAlerts());
        json.put("triggersNotRead", report.triggersNotRead());
        json.put("unboundedAlertLookback", DurationText.format(unboundedLookback));

        ObjectNode rules = json.putObject("rules");
        for (RuleFigures rule : report.rules()) {
            ObjectNode ruleJson = rules.putObject(rule.rule());
            ObjectNode scenarios = ruleJson.putObject("scenarios");
            ObjectNode byKind = scenarios.putObject("byKind");
            for (KindFigures kind : rule.byKind()) {
                putKind(byKind.putObject(kind.kind()), kind);
            }
            putKind(scenarios.putObject("all"), rule.all());

            ObjectNode alerts = ruleJson.putObject("alerts");
            alerts.put("total", rule.alerts());
            alerts.put("onScenarios", rule.attributedAlerts());
            alerts.put("onBackground", rule.alertsOnBackground());
            putFraction(alerts, "precision", rule.precision());
        }

        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the report as JSON", e);
        }
    }

    private static void putKind(ObjectNode kindJson, KindFigures kind) {
        kindJson.put("injected", kind.injected());
        kindJson.put("detected", kind.detected());
        putFraction(kindJson, "recall", kind.recall());
    }

    private static void putFraction(ObjectNode json, String field, OptionalDouble fraction) {
        if (fraction.isPresent()) {
            json.put(field, fraction.getAsDouble());
        } else {
            json.putNull(field);
        }
    }
}
