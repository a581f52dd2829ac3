package fintrans.evaluation;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import fintrans.common.alert.AlertRecord;

/**
 * Decides which injected scenarios an alert belongs to. An alert belongs to scenario S when the alert's
 * source account is S's source and at least one of these holds:
 *
 * <ul>
 *   <li>the alert's trigger record, looked up by topic, partition and offset in the city topics, is one
 *       of S's records;
 *   <li>the alert's event-time window overlaps the span from S's first to S's last transfer (record
 *       timestamps, both included). The window runs from {@code windowStart}, excluded as
 *       {@link AlertRecord} defines it, to {@code windowEnd}, included. An alert without a window start
 *       counts as covering the {@code unboundedLookback} before its window end.
 * </ul>
 *
 * <p>An alert may belong to several scenarios of one source. An alert that belongs to none is on the
 * random background.
 */
final class Attribution {
    private final GroundTruth truth;
    private final Map<String, List<InjectedScenario>> scenariosBySource;
    private final Duration unboundedLookback;

    /**
     * @param unboundedLookback how far before its window end an alert without a window start reaches
     */
    Attribution(GroundTruth truth, Duration unboundedLookback) {
        this.truth = truth;
        this.scenariosBySource = truth.scenariosBySource();
        this.unboundedLookback = unboundedLookback;
    }

    /** Returns the scenarios {@code alert} belongs to; an empty set means the random background. */
    Set<InjectedScenario> scenariosOf(AlertRecord alert) {
        Set<InjectedScenario> matched = new LinkedHashSet<>();

        Optional<InjectedScenario> triggerScenario = truth.scenarioAt(triggerPosition(alert));
        if (triggerScenario.isPresent() && triggerScenario.get().source().equals(alert.source())) {
            matched.add(triggerScenario.get());
        }

        Instant windowEnd = alert.windowEnd();
        Instant windowStart = alert.windowStart() != null ? alert.windowStart() : windowEnd.minus(unboundedLookback);
        for (InjectedScenario scenario : scenariosBySource.getOrDefault(alert.source(), List.of())) {
            boolean endsAfterWindowStart = scenario.lastTransfer().isAfter(windowStart);
            boolean startsByWindowEnd = !scenario.firstTransfer().isAfter(windowEnd);
            if (endsAfterWindowStart && startsByWindowEnd) {
                matched.add(scenario);
            }
        }
        return matched;
    }

    static RecordPosition triggerPosition(AlertRecord alert) {
        return new RecordPosition(alert.trigger().topic(), alert.trigger().partition(), alert.trigger().offset());
    }
}
