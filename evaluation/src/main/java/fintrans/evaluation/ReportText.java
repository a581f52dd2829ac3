package fintrans.evaluation;

import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;

import fintrans.common.DurationText;
import fintrans.evaluation.EvaluationReport.KindFigures;
import fintrans.evaluation.EvaluationReport.RuleFigures;

/** Formats an {@link EvaluationReport} as the readable tables that {@code fintrans-evaluate} prints. */
final class ReportText {
    private static final String NOT_AVAILABLE = "n/a";

    private ReportText() {
    }

    /**
     * @param alertsTopic the topic the alerts were read from
     * @param unboundedLookback how far an alert without a window start reaches, as used for attribution
     */
    static String format(EvaluationReport report, String alertsTopic, Duration unboundedLookback) {
        StringBuilder text = new StringBuilder();
        text.append("fintrans evaluation\n");
        text.append("  city topics:  ").append(count(report.cityRecords(), "record")).append(": ")
                .append(report.scenarioRecords()).append(" in ").append(count(report.scenarios(), "scenario"))
                .append(", ").append(report.backgroundRecords()).append(" background, ")
                .append(count(report.invalidTransactions(), "invalid value")).append(", ")
                .append(report.invalidScenarioHeaders()).append(" with invalid scenario headers\n");
        text.append("  alerts topic: ").append(alertsTopic).append(": ").append(count(report.alerts(), "alert"))
                .append(", ").append(count(report.invalidAlerts(), "invalid value")).append(", ")
                .append(report.triggersNotRead()).append(" with a trigger outside the city records read\n");
        text.append("  --window:     an alert without a window start covers the ")
                .append(DurationText.format(unboundedLookback)).append(" before its window end\n");

        if (report.scenarios() == 0) {
            text.append("\nNo scenario records in the city topics, so recall is n/a. The generator injects scenarios "
                    + "with --scenarios-per-minute.\n");
        }
        if (report.alerts() == 0) {
            text.append("\nNo valid alerts in topic " + alertsTopic + ", so precision is n/a.\n");
        }

        for (RuleFigures rule : report.rules()) {
            appendRule(text, rule);
        }
        return text.toString();
    }

    private static void appendRule(StringBuilder text, RuleFigures rule) {
        int kindWidth = "scenario kind".length();
        for (KindFigures kind : rule.byKind()) {
            kindWidth = Math.max(kindWidth, kind.kind().length());
        }
        String kindRow = "  %-" + kindWidth + "s  %8s  %8s  %6s%n";

        text.append('\n').append("rule ").append(rule.rule()).append('\n');
        text.append(String.format(Locale.ROOT, kindRow, "scenario kind", "injected", "detected", "recall"));
        for (KindFigures kind : rule.byKind()) {
            appendKind(text, kindRow, kind);
        }
        appendKind(text, kindRow, rule.all());

        String alertRow = "  %8s  %12s  %20s  %9s%n";
        text.append('\n');
        text.append(String.format(Locale.ROOT, alertRow,
                "alerts", "on scenarios", "on random background", "precision"));
        text.append(String.format(Locale.ROOT, alertRow, rule.alerts(), rule.attributedAlerts(),
                rule.alertsOnBackground(), percent(rule.precision())));
    }

    private static void appendKind(StringBuilder text, String row, KindFigures kind) {
        text.append(String.format(Locale.ROOT, row, kind.kind(), kind.injected(), kind.detected(),
                percent(kind.recall())));
    }

    /** Formats a count with its noun, {@code 1 alert} or {@code 2 alerts}. */
    private static String count(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    /** Formats a fraction as a percentage with one decimal, such as {@code 66.7%}, or {@code n/a}. */
    static String percent(OptionalDouble fraction) {
        if (fraction.isEmpty()) {
            return NOT_AVAILABLE;
        }
        return String.format(Locale.ROOT, "%.1f%%", fraction.getAsDouble() * 100);
    }
}
