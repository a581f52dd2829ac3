package fintrans.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import fintrans.generator.TransferSchedule.OutgoingTransfer;

class TransferScheduleTest {
    private static final long MILLI = 1_000_000;
    private static final long SECOND = 1_000 * MILLI;
    /** $50,000 in 6 transfers of $8,000 to $9,999.99, spread over one second: one every 200 ms. */
    private static final ScenarioSettings SIX_IN_ONE_SECOND =
            new ScenarioSettings(5_000_000, 800_000, 999_999, Duration.ofSeconds(1));

    private long now;

    @Test
    void backgroundFollowsRateAndSeed() {
        TransferSchedule schedule = TransferSchedule.backgroundOnly(background(1), new Rate(10), () -> now);
        RandomTransactions expected = background(1);

        List<Sent> sent = runUntil(schedule, 2 * SECOND);

        assertEquals(21, sent.size());
        for (int i = 0; i < sent.size(); i++) {
            assertEquals(i * 100 * MILLI, sent.get(i).atNanos, "record " + i);
            assertNull(sent.get(i).transfer.scenario(), "record " + i);
            assertEquals(expected.next(), sent.get(i).transfer.transaction(), "record " + i);
        }
    }

    @Test
    void scenarioTransfersComeOnTopOfRate() {
        TransferSchedule schedule = withScenarios(2, new Rate(10), 1, SIX_IN_ONE_SECOND);

        List<Sent> sent = runUntil(schedule, SECOND);

        List<Sent> background = sent.stream().filter(s -> s.transfer.scenario() == null).toList();
        List<Sent> scenario = sent.stream().filter(s -> s.transfer.scenario() != null).toList();
        assertEquals(11, background.size(), "background at 10 per second from 0 to 1 s");
        assertEquals(6, scenario.size(), "scenario transfers from 0 to 1 s");
        for (int i = 0; i < background.size(); i++) {
            assertEquals(i * 100 * MILLI, background.get(i).atNanos, "background record " + i);
        }
        for (int i = 0; i < scenario.size(); i++) {
            assertEquals(i * 200 * MILLI, scenario.get(i).atNanos, "scenario transfer " + i);
        }
    }

    @Test
    void scenarioTransfersAreThePlannedOnes() {
        TransferSchedule schedule = withScenarios(3, new Rate(10), 1, SIX_IN_ONE_SECOND);
        Scenario planned = new ScenarioPlanner(3, 100_000, SIX_IN_ONE_SECOND).next();

        List<OutgoingTransfer> scenario = runUntil(schedule, SECOND).stream()
                .map(s -> s.transfer)
                .filter(transfer -> transfer.scenario() != null)
                .toList();

        assertEquals(planned.transfers().size(), scenario.size());
        for (int i = 0; i < scenario.size(); i++) {
            assertEquals(planned, scenario.get(i).scenario(), "transfer " + i);
            assertEquals(planned.transfers().get(i).transaction(), scenario.get(i).transaction(), "transfer " + i);
        }
    }

    @Test
    void scenariosLeaveBackgroundSequenceUnchanged() {
        TransferSchedule schedule = withScenarios(4, new Rate(10), 30, SIX_IN_ONE_SECOND);
        RandomTransactions expected = background(4);

        List<Sent> sent = runUntil(schedule, 5 * SECOND);

        int backgroundCount = 0;
        for (Sent record : sent) {
            if (record.transfer.scenario() == null) {
                assertEquals(expected.next(), record.transfer.transaction(), "background record " + backgroundCount);
                backgroundCount++;
            }
        }
        assertEquals(51, backgroundCount);
    }

    @Test
    void scenarioGoesFirstWhenDueTogether() {
        TransferSchedule schedule = withScenarios(5, new Rate(10), 1, SIX_IN_ONE_SECOND);

        List<Sent> sent = runUntil(schedule, 200 * MILLI);

        assertNotNull(sent.get(0).transfer.scenario(), "at 0 ms");
        assertNull(sent.get(1).transfer.scenario(), "at 0 ms");
        assertNull(sent.get(2).transfer.scenario(), "at 100 ms");
        assertNotNull(sent.get(3).transfer.scenario(), "at 200 ms");
        assertEquals(200 * MILLI, sent.get(3).atNanos);
        assertNull(sent.get(4).transfer.scenario(), "at 200 ms");
    }

    @Test
    void scenariosStartAtEvenIntervals() {
        ScenarioSettings atOnce = new ScenarioSettings(5_000_000, 800_000, 999_999, Duration.ZERO);
        TransferSchedule schedule = withScenarios(6, new Rate(1), 2, atOnce);

        List<Sent> sent = runUntil(schedule, 60 * SECOND);

        List<String> starts = new ArrayList<>();
        String previous = null;
        for (Sent record : sent) {
            Scenario scenario = record.transfer.scenario();
            if (scenario != null && !scenario.id().equals(previous)) {
                starts.add(scenario.id() + " at " + record.atNanos / SECOND + " s");
                previous = scenario.id();
            }
        }
        assertEquals(List.of("s-6-1 at 0 s", "s-6-2 at 30 s", "s-6-3 at 60 s"), starts);
        assertEquals(61 + 3 * 6, sent.size(), "background records and the transfers of 3 scenarios");
        assertEquals(3, schedule.scenariosStarted());
        assertEquals(18, schedule.scenarioTransfers());
    }

    @Test
    void zeroDurationSendsScenarioBeforeLaterBackground() {
        ScenarioSettings atOnce = new ScenarioSettings(5_000_000, 800_000, 999_999, Duration.ZERO);
        TransferSchedule schedule = withScenarios(7, new Rate(10), 1, atOnce);

        List<Sent> sent = runUntil(schedule, 0);

        assertEquals(7, sent.size(), "6 transfers and one background record at 0 ms");
        for (int i = 0; i < 6; i++) {
            assertNotNull(sent.get(i).transfer.scenario(), "record " + i);
        }
        assertNull(sent.get(6).transfer.scenario());
    }

    @Test
    void stallSkipsMissedScenarioStarts() {
        ScenarioSettings atOnce = new ScenarioSettings(5_000_000, 800_000, 999_999, Duration.ZERO);
        TransferSchedule schedule = withScenarios(8, new Rate(1), 60, atOnce);
        runUntil(schedule, 0);

        now = 10 * SECOND + 500 * MILLI;
        OutgoingTransfer overdue = schedule.next();
        OutgoingTransfer afterStall = schedule.next();

        assertNull(overdue.scenario(), "the background record booked for 1 s comes first");
        assertEquals("s-8-2", afterStall.scenario().id(), "the starts from 1 s to 9 s are skipped");
        assertEquals(2, schedule.scenariosStarted());
        assertEquals(10 * SECOND, schedule.nextDueNanos(), "the rest of s-8-2 is due at its start, 10 s");
    }

    @Test
    void maxRateSendsScenarioTransfersWhenDue() {
        TransferSchedule schedule = withScenarios(9, Rate.MAX, 1, SIX_IN_ONE_SECOND);

        OutgoingTransfer first = schedule.next();
        List<OutgoingTransfer> meanwhile = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            meanwhile.add(schedule.next());
        }
        now = 200 * MILLI;
        OutgoingTransfer due = schedule.next();

        assertNotNull(first.scenario());
        for (OutgoingTransfer transfer : meanwhile) {
            assertNull(transfer.scenario(), "background while the next transfer is not due");
        }
        assertNotNull(due.scenario(), "the second transfer at 200 ms");
    }

    private TransferSchedule withScenarios(long seed, Rate rate, double perMinute, ScenarioSettings settings) {
        return new TransferSchedule(background(seed), rate, new ScenarioPlanner(seed, 100_000, settings), perMinute,
                () -> now);
    }

    private static RandomTransactions background(long seed) {
        return new RandomTransactions(seed, 100_000, new LogNormalAmounts(10_000, 1.5));
    }

    /** Takes records from {@code schedule}, moving the clock to each due time, until one is due after {@code endNanos}. */
    private List<Sent> runUntil(TransferSchedule schedule, long endNanos) {
        List<Sent> sent = new ArrayList<>();
        while (schedule.nextDueNanos() <= endNanos) {
            now = Math.max(now, schedule.nextDueNanos());
            sent.add(new Sent(now, schedule.next()));
        }
        return sent;
    }

    private record Sent(long atNanos, OutgoingTransfer transfer) {
    }
}
