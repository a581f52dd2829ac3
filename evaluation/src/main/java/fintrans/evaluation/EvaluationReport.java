package fintrans.evaluation;

import java.util.List;
import java.util.OptionalDouble;

/**
 * The figures of one evaluation.
 *
 * @param cityRecords records read from the city topics, valid or not
 * @param scenarioRecords valid transactions that belong to a scenario
 * @param backgroundRecords valid transactions without scenario headers
 * @param invalidTransactions records whose value is not a valid transaction
 * @param invalidScenarioHeaders valid transactions left out for invalid or conflicting scenario headers
 * @param alerts valid alerts read
 * @param invalidAlerts alert records whose value is not a valid alert
 * @param triggersNotRead valid alerts whose trigger position lies outside the city records read
 * @param rules the figures of each rule, {@code pair-total} first
 */
record EvaluationReport(long cityRecords, long scenarioRecords, long backgroundRecords, long invalidTransactions,
        long invalidScenarioHeaders, long alerts, long invalidAlerts, long triggersNotRead, List<RuleFigures> rules) {

    EvaluationReport {
        rules = List.copyOf(rules);
    }

    /** Returns the number of scenarios injected, the same for every rule. */
    long scenarios() {
        return rules.isEmpty() ? 0 : rules.get(0).all().injected();
    }

    /**
     * The figures of one rule.
     *
     * @param byKind recall per scenario kind, the two kinds the generator injects first
     * @param all recall over all scenarios
     * @param alerts valid alerts of this rule
     * @param attributedAlerts alerts of this rule that belong to at least one scenario
     */
    record RuleFigures(String rule, List<KindFigures> byKind, KindFigures all, long alerts, long attributedAlerts) {

        RuleFigures {
            byKind = List.copyOf(byKind);
        }

        /** Alerts that belong to no scenario. */
        long alertsOnBackground() {
            return alerts - attributedAlerts;
        }

        /** Attributed alerts divided by all alerts of the rule; empty when the rule raised no alert. */
        OptionalDouble precision() {
            return alerts == 0 ? OptionalDouble.empty() : OptionalDouble.of(attributedAlerts / (double) alerts);
        }
    }

    /**
     * Detection of the scenarios of one kind, or of all kinds, by one rule.
     *
     * @param detected scenarios with at least one alert of the rule
     */
    record KindFigures(String kind, long injected, long detected) {

        /** Detected divided by injected; empty when no scenario of this kind was injected. */
        OptionalDouble recall() {
            return injected == 0 ? OptionalDouble.empty() : OptionalDouble.of(detected / (double) injected);
        }
    }
}
