package fintrans.generator;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fintrans.common.Amounts;
import fintrans.common.DurationText;
import fintrans.common.Transaction;
import fintrans.generator.Scenario.ScenarioTransfer;

/**
 * Decides which record the generator sends next and when it is due. Background transactions follow
 * the {@link Rate}. Scenario transfers come on top of that rate, each at its own due time, so the
 * background sequence and pace are the same with or without scenarios.
 *
 * <p>A scenario starts every {@code 60 / scenariosPerMinute} seconds, the first one when the schedule is
 * created. When records are due at the same time, scenario transfers go first. After a stall of more
 * than {@link Pacer#MAX_BACKLOG_NANOS}, the scenario starts missed meanwhile are skipped and logged, as
 * the {@link Pacer} skips missed background slots; transfers of scenarios already running are all sent.
 *
 * <p>Times are read from a nanosecond clock, so that tests can drive a schedule without waiting. Not
 * thread-safe: one sending thread uses it.
 */
final class TransferSchedule {
    private static final Logger LOG = LoggerFactory.getLogger(TransferSchedule.class);

    private final RandomTransactions background;
    private final Pacer pacer;
    private final ScenarioPlanner planner;
    private final long scenarioIntervalNanos;
    private final LongSupplier clock;

    /** Running scenarios, the one with the earliest due transfer first. */
    private final PriorityQueue<RunningScenario> running = new PriorityQueue<>(
            Comparator.comparingLong(RunningScenario::dueNanos).thenComparingLong(RunningScenario::number));
    private long nextScenarioStartNanos;
    private boolean backgroundBooked;
    private long backgroundDueNanos;
    private long scenariosStarted;
    private long scenarioTransfers;

    /**
     * @param planner plans the scenarios, or null for background only
     * @param scenariosPerMinute scenario starts per minute, greater than 0 when {@code planner} is set
     */
    TransferSchedule(RandomTransactions background, Rate rate, ScenarioPlanner planner, double scenariosPerMinute,
            LongSupplier nanoClock) {
        if (planner != null && !(scenariosPerMinute > 0 && Double.isFinite(scenariosPerMinute))) {
            throw new IllegalArgumentException("scenarios per minute must be a finite number greater than 0, got "
                    + scenariosPerMinute);
        }
        this.background = background;
        this.pacer = new Pacer(rate, nanoClock);
        this.planner = planner;
        this.scenarioIntervalNanos = planner == null ? 0 : Math.max(1, Math.round(60e9 / scenariosPerMinute));
        this.clock = nanoClock;
        this.nextScenarioStartNanos = nanoClock.getAsLong();
    }

    /** Creates a schedule of background transactions only. */
    static TransferSchedule backgroundOnly(RandomTransactions background, Rate rate, LongSupplier nanoClock) {
        return new TransferSchedule(background, rate, null, 0, nanoClock);
    }

    /** Returns the clock time at which the record that {@link #next()} returns is due. */
    long nextDueNanos() {
        return Math.min(backgroundDueNanos(), Math.min(runningDueNanos(), scenarioStartDueNanos()));
    }

    /**
     * Returns the record due first and advances the schedule. The caller waits until
     * {@link #nextDueNanos()} before calling this.
     */
    OutgoingTransfer next() {
        long backgroundDue = backgroundDueNanos();
        while (scenarioStartDueNanos() <= Math.min(backgroundDue, runningDueNanos())) {
            startScenario();
        }
        if (runningDueNanos() <= backgroundDue) {
            return nextScenarioTransfer();
        }
        backgroundBooked = false;
        return new OutgoingTransfer(background.next(), null);
    }

    /** Logs how far each scenario that has not sent all its transfers got; for the generator's stop. */
    void logUnfinished() {
        for (RunningScenario scenario : running) {
            LOG.info("Scenario {} stopped after {} of {} transfers (${} of ${})", scenario.scenario.id(),
                    scenario.sent, scenario.scenario.transfers().size(), Amounts.formatDollars(scenario.sentCents),
                    Amounts.formatDollars(scenario.scenario.amountCents()));
        }
    }

    long scenariosStarted() {
        return scenariosStarted;
    }

    /** Scenario transfers returned by {@link #next()} so far. */
    long scenarioTransfers() {
        return scenarioTransfers;
    }

    private long backgroundDueNanos() {
        if (!backgroundBooked) {
            backgroundDueNanos = clock.getAsLong() + pacer.reserveNext();
            backgroundBooked = true;
        }
        return backgroundDueNanos;
    }

    private long runningDueNanos() {
        return running.isEmpty() ? Long.MAX_VALUE : running.peek().dueNanos();
    }

    private long scenarioStartDueNanos() {
        if (planner == null) {
            return Long.MAX_VALUE;
        }
        long now = clock.getAsLong();
        long lateNanos = now - nextScenarioStartNanos;
        long skipped = lateNanos / scenarioIntervalNanos;
        if (lateNanos > Pacer.MAX_BACKLOG_NANOS && skipped > 0) {
            LOG.warn("Skipped {} scenario starts that fell into a stall of {} ms", skipped, lateNanos / 1_000_000);
            nextScenarioStartNanos += skipped * scenarioIntervalNanos;
        }
        return nextScenarioStartNanos;
    }

    private void startScenario() {
        Scenario scenario = planner.next();
        scenariosStarted++;
        running.add(new RunningScenario(scenario, nextScenarioStartNanos, scenariosStarted));
        nextScenarioStartNanos += scenarioIntervalNanos;
        LOG.info("Scenario {} started: {} from account {}, ${} in {} transfers over {}", scenario.id(),
                scenario.kind(), scenario.source(), Amounts.formatDollars(scenario.amountCents()),
                scenario.transfers().size(), DurationText.format(scenario.duration()));
    }

    private OutgoingTransfer nextScenarioTransfer() {
        RunningScenario scenario = running.poll();
        ScenarioTransfer transfer = scenario.scenario.transfers().get(scenario.sent);
        scenario.sent++;
        scenario.sentCents += transfer.transaction().amountCents();
        scenarioTransfers++;
        if (scenario.sent < scenario.scenario.transfers().size()) {
            running.add(scenario);
        } else {
            LOG.info("Scenario {} ended: all {} transfers, ${}, generated", scenario.scenario.id(),
                    scenario.sent, Amounts.formatDollars(scenario.sentCents));
        }
        return new OutgoingTransfer(transfer.transaction(), scenario.scenario);
    }

    /**
     * A record to send.
     *
     * @param scenario the scenario the transfer belongs to, or null for a background transaction
     */
    record OutgoingTransfer(Transaction transaction, Scenario scenario) {
    }

    /** A started scenario and how many of its transfers were returned. */
    private static final class RunningScenario {
        private final Scenario scenario;
        private final long startNanos;
        private final long number;
        private int sent;
        private long sentCents;

        RunningScenario(Scenario scenario, long startNanos, long number) {
            this.scenario = scenario;
            this.startNanos = startNanos;
            this.number = number;
        }

        long dueNanos() {
            return startNanos + scenario.transfers().get(sent).offsetNanos();
        }

        long number() {
            return number;
        }
    }
}
