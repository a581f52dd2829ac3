package fintrans.generator;

import java.time.Duration;
import java.util.List;

import fintrans.common.Transaction;

/**
 * One planned laundering scenario: {@code source} sends {@code amountCents} in {@code transfers},
 * spread over {@code duration}.
 *
 * @param id the unique id carried in the {@code fintrans-scenario-id} header of every transfer
 * @param kind {@code structuring-one-target} or {@code structuring-many-targets}
 * @param transfers the transfers in sending order, with offsets from the scenario's start
 */
record Scenario(String id, String kind, String source, long amountCents, Duration duration,
        List<ScenarioTransfer> transfers) {

    Scenario {
        transfers = List.copyOf(transfers);
    }

    /**
     * One transfer of a scenario.
     *
     * @param offsetNanos time from the scenario's start until the transfer is due
     */
    record ScenarioTransfer(Transaction transaction, long offsetNanos) {
    }
}
