package fintrans.evaluation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fintrans.common.ScenarioHeaders;
import fintrans.common.alert.AlertJson;
import fintrans.common.alert.AlertRecord;
import fintrans.common.alert.AlertRecord.Rule;
import fintrans.common.kafka.RejectedRecords;
import fintrans.evaluation.EvaluationReport.KindFigures;
import fintrans.evaluation.EvaluationReport.RuleFigures;

/**
 * Counts the alerts of each rule against the scenarios of a {@link GroundTruth} and computes recall
 * (detected scenarios divided by injected ones) and precision (alerts that belong to a scenario divided
 * by all alerts). {@link Attribution} defines when an alert belongs to a scenario; a scenario is
 * detected by a rule when at least one alert of that rule belongs to it.
 */
final class Evaluation {
    private static final Logger LOG = LoggerFactory.getLogger(Evaluation.class);
    /** The kinds the generator injects, always listed, in this order. */
    private static final List<String> KNOWN_KINDS =
            List.of(ScenarioHeaders.KIND_ONE_TARGET, ScenarioHeaders.KIND_MANY_TARGETS);

    private final GroundTruth truth;
    private final Attribution attribution;
    private final Map<Rule, RuleTally> tallies = new EnumMap<>(Rule.class);
    private final RejectedRecords invalidAlerts = new RejectedRecords(LOG);
    private long alerts;
    private long triggersNotRead;

    /**
     * @param truth the city topics, read completely before the first alert is added
     * @param unboundedLookback how far before its window end an alert without a window start reaches
     */
    Evaluation(GroundTruth truth, Duration unboundedLookback) {
        this.truth = truth;
        this.attribution = new Attribution(truth, unboundedLookback);
        for (Rule rule : Rule.values()) {
            tallies.put(rule, new RuleTally());
        }
    }

    /** Adds the value of a record of the alerts topic; an invalid value is counted, logged and skipped. */
    void addAlertValue(RecordPosition position, byte[] value) {
        AlertRecord alert;
        try {
            alert = AlertJson.read(value);
        } catch (IllegalArgumentException e) {
            invalidAlerts.reject(position.topic(), position.partition(), position.offset(), e.getMessage());
            return;
        }
        addAlert(alert);
    }

    void addAlert(AlertRecord alert) {
        alerts++;
        if (!truth.wasRead(Attribution.triggerPosition(alert))) {
            triggersNotRead++;
        }
        RuleTally tally = tallies.get(alert.rule());
        tally.alerts++;
        Set<InjectedScenario> scenarios = attribution.scenariosOf(alert);
        if (!scenarios.isEmpty()) {
            tally.attributedAlerts++;
            for (InjectedScenario scenario : scenarios) {
                tally.detected.add(scenario.id());
            }
        }
    }

    EvaluationReport report() {
        Map<String, Long> injectedByKind = new TreeMap<>();
        for (InjectedScenario scenario : truth.scenarios()) {
            injectedByKind.merge(scenario.kind(), 1L, Long::sum);
        }
        List<String> kinds = new ArrayList<>(KNOWN_KINDS);
        injectedByKind.keySet().stream().filter(kind -> !KNOWN_KINDS.contains(kind)).forEach(kinds::add);

        List<RuleFigures> rules = new ArrayList<>();
        for (Map.Entry<Rule, RuleTally> entry : tallies.entrySet()) {
            RuleTally tally = entry.getValue();
            Map<String, Long> detectedByKind = new TreeMap<>();
            for (InjectedScenario scenario : truth.scenarios()) {
                if (tally.detected.contains(scenario.id())) {
                    detectedByKind.merge(scenario.kind(), 1L, Long::sum);
                }
            }
            List<KindFigures> byKind = new ArrayList<>();
            for (String kind : kinds) {
                long injected = injectedByKind.getOrDefault(kind, 0L);
                byKind.add(new KindFigures(kind, injected, detectedByKind.getOrDefault(kind, 0L)));
            }
            KindFigures all = new KindFigures("all", truth.scenarios().size(), tally.detected.size());
            rules.add(new RuleFigures(entry.getKey().id(), byKind, all, tally.alerts, tally.attributedAlerts));
        }

        return new EvaluationReport(truth.records(), truth.scenarioRecords(), truth.backgroundRecords(),
                truth.invalidTransactions(), truth.invalidScenarioHeaders(), alerts, invalidAlerts.count(),
                triggersNotRead, rules);
    }

    /** The alert counts of one rule and the ids of the scenarios it detected. */
    private static final class RuleTally {
        private final Set<String> detected = new HashSet<>();
        private long alerts;
        private long attributedAlerts;
    }
}
