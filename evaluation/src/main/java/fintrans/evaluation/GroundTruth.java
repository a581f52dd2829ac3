package fintrans.evaluation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fintrans.common.City;
import fintrans.common.InvalidTransactionException;
import fintrans.common.ScenarioHeaders;
import fintrans.common.Transaction;
import fintrans.common.TransactionCodec;
import fintrans.common.ValueText;
import fintrans.common.kafka.RejectedRecords;

/**
 * The injected scenarios and the background, read from the city topics. A record belongs to a
 * scenario when it carries both {@link ScenarioHeaders#ID} and {@link ScenarioHeaders#KIND}; a record
 * without either header is background.
 *
 * <p>Records are left out, counted and logged when their value is not a valid transaction, when only
 * one scenario header is present or a header is empty or not UTF-8, and when a scenario id that was
 * seen before arrives with another source account or kind, as happens when two generator runs with the
 * same seed write to the same topics.
 *
 * <p>Memory grows with the number of scenario records, whose positions are kept for the trigger lookup;
 * background records leave only counts and one offset range per partition.
 */
final class GroundTruth {
    private static final Logger LOG = LoggerFactory.getLogger(GroundTruth.class);

    private final Map<String, InjectedScenario> scenarios = new LinkedHashMap<>();
    private final Map<RecordPosition, InjectedScenario> scenarioRecords = new HashMap<>();
    /** Per topic and partition, the smallest and largest offset of a valid transaction read. */
    private final Map<String, long[]> offsetRanges = new HashMap<>();
    private final RejectedRecords invalidValues = new RejectedRecords(LOG);
    private final RejectedRecords invalidHeaders = new RejectedRecords(LOG);
    private long records;
    private long backgroundRecords;

    /**
     * Adds one record of a city topic.
     *
     * @param scenarioId the value of the {@link ScenarioHeaders#ID} header, or null when it is absent
     * @param scenarioKind the value of the {@link ScenarioHeaders#KIND} header, or null when it is absent
     * @throws IllegalArgumentException when the position's topic is not a city topic
     */
    void addRecord(RecordPosition position, Instant eventTime, byte[] value, byte[] scenarioId, byte[] scenarioKind) {
        City city = City.fromTopic(position.topic())
                .orElseThrow(() -> new IllegalArgumentException(position.topic() + " is not a city topic"));
        records++;

        Transaction transaction;
        try {
            transaction = TransactionCodec.decode(city, value);
        } catch (InvalidTransactionException e) {
            invalidValues.reject(position.topic(), position.partition(), position.offset(), e.getMessage());
            return;
        }
        offsetRanges.merge(position.topic() + "-" + position.partition(),
                new long[] {position.offset(), position.offset()},
                (range, single) -> new long[] {Math.min(range[0], single[0]), Math.max(range[1], single[1])});

        if (scenarioId == null && scenarioKind == null) {
            backgroundRecords++;
            return;
        }
        Optional<String> id = headerText(scenarioId);
        Optional<String> kind = headerText(scenarioKind);
        if (id.isEmpty() || kind.isEmpty()) {
            invalidHeaders.reject(position.topic(), position.partition(), position.offset(), "scenario headers "
                    + ScenarioHeaders.ID + "=" + describe(scenarioId) + " and " + ScenarioHeaders.KIND + "="
                    + describe(scenarioKind) + " are not both present, non-empty and UTF-8");
            return;
        }

        InjectedScenario scenario = scenarios.computeIfAbsent(id.get(),
                newId -> new InjectedScenario(newId, kind.get(), transaction.source()));
        if (!scenario.source().equals(transaction.source()) || !scenario.kind().equals(kind.get())) {
            invalidHeaders.reject(position.topic(), position.partition(), position.offset(), "scenario " + id.get()
                    + " was read before as " + scenario.kind() + " from " + scenario.source() + ", this record has "
                    + kind.get() + " from " + transaction.source());
            return;
        }
        scenario.addTransfer(eventTime, transaction.amountCents());
        scenarioRecords.put(position, scenario);
    }

    /** Returns the scenario whose record is at {@code position}, or empty for any other position. */
    Optional<InjectedScenario> scenarioAt(RecordPosition position) {
        return Optional.ofNullable(scenarioRecords.get(position));
    }

    /**
     * Returns true when {@code position} is inside the offsets read from its partition. A record counts as
     * read when its offset lies between the first and the last valid transaction read from that partition.
     */
    boolean wasRead(RecordPosition position) {
        long[] range = offsetRanges.get(position.topic() + "-" + position.partition());
        return range != null && position.offset() >= range[0] && position.offset() <= range[1];
    }

    Collection<InjectedScenario> scenarios() {
        return Collections.unmodifiableCollection(scenarios.values());
    }

    /** Returns the scenarios grouped by source account. */
    Map<String, List<InjectedScenario>> scenariosBySource() {
        Map<String, List<InjectedScenario>> bySource = new HashMap<>();
        for (InjectedScenario scenario : scenarios.values()) {
            bySource.computeIfAbsent(scenario.source(), source -> new ArrayList<>()).add(scenario);
        }
        return bySource;
    }

    /** Records read from the city topics, valid or not. */
    long records() {
        return records;
    }

    long backgroundRecords() {
        return backgroundRecords;
    }

    /** Valid transactions that belong to a scenario. */
    long scenarioRecords() {
        return scenarioRecords.size();
    }

    long invalidTransactions() {
        return invalidValues.count();
    }

    /** Valid transactions left out for invalid or conflicting scenario headers. */
    long invalidScenarioHeaders() {
        return invalidHeaders.count();
    }

    private static Optional<String> headerText(byte[] value) {
        if (value == null || value.length == 0 || !ValueText.isValidUtf8(value)) {
            return Optional.empty();
        }
        return Optional.of(new String(value, StandardCharsets.UTF_8));
    }

    private static String describe(byte[] value) {
        return value == null ? "(absent)" : ValueText.describe(value);
    }
}
