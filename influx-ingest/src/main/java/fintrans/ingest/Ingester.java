package fintrans.ingest;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.influxdb.InfluxDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fintrans.common.City;
import fintrans.common.InvalidTransactionException;
import fintrans.common.LogLimiter;
import fintrans.common.Transaction;
import fintrans.common.TransactionCodec;
import fintrans.common.ValueText;
import fintrans.common.alert.AlertJson;
import fintrans.common.alert.AlertRecord;
import fintrans.common.kafka.RejectedRecords;

/**
 * Reads the city topics and writes each transaction as a point into InfluxDB, and, when an alerts topic is
 * given, each alert of the laundering detector as a point of its own measurement (see {@link AlertPoints}).
 * Offsets are committed only
 * after InfluxDB has accepted or rejected the points for good, so a stop, crash or rebalance makes the
 * next owner of a partition read its unwritten records again. Writing a record twice is harmless because
 * its point time is deterministic (see {@link TransactionPoints}).
 *
 * <p>The loop, on one thread because {@link Consumer} is not thread-safe:
 * <ol>
 *   <li>poll, and turn each record into a point, or skip it when it is invalid or expired;</li>
 *   <li>write the batch when {@link BatchPolicy} decides it is due, then commit its offsets;</li>
 *   <li>when a write fails and may succeed later, keep the batch, pause every assigned partition and
 *       retry with {@link Backoff}, while polling on so that the consumer stays in its group. Memory stays
 *       bounded to one batch plus the records of one poll, which {@link #pendingRecords()} shows.</li>
 * </ol>
 *
 * <p>{@link #run()} first creates the database and retention policy, retrying while InfluxDB is
 * unreachable, and at the end writes the pending batch and closes the consumer and the InfluxDB client.
 */
public final class Ingester implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Ingester.class);
    /** Maximum wait in poll, so that {@link #shutdown()}, batch ages and retries are handled within 100 ms. */
    private static final Duration MAX_POLL_TIMEOUT = Duration.ofMillis(100);
    private static final int SHUTDOWN_WRITE_ATTEMPTS = 3;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Maximum wait for one offset commit. Kafka's default of 60 s would stall the loop, and its rate lines,
     * for a minute while the broker is away. After a timeout, later commits carry newer offsets, and records
     * read again rewrite the same points.
     */
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

    private final Consumer<byte[], byte[]> consumer;
    private final InfluxTarget target;
    private final Optional<String> alertsTopic;
    private final List<String> topics;
    private final BatchPolicy batchPolicy;
    private final Duration statsInterval;
    private final Duration pollTimeout;

    private final IngestCounters counters = new IngestCounters();
    private final RejectedRecords rejected = new RejectedRecords(LOG);
    private final CollisionWatch collisions = new CollisionWatch(LOG);
    private final LogLimiter expiredLog = new LogLimiter(10, TimeUnit.SECONDS, 5);
    private final LogLimiter droppedLog = new LogLimiter(60, TimeUnit.SECONDS, 10);
    private final PendingBatch batch = new PendingBatch();
    /** Records of the last poll not yet added to the batch, because a full batch could not be written. */
    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> unprocessed = new ArrayDeque<>();
    private final Backoff backoff;
    private final RateLine rateLine;

    /** True while a batch waits for a retry and every assigned partition is paused. */
    private volatile boolean paused;
    private volatile int pendingRecords;
    private volatile int peakPendingRecords;
    private volatile long outageStartNanos;
    private long nextAttemptNanos;

    private volatile boolean closed;
    private volatile int exitCode;
    private final CountDownLatch finished = new CountDownLatch(1);

    /**
     * @param consumer a consumer with auto-commit off, {@code read_committed} isolation and byte array
     *     deserializers, as {@link ConsumerSettings} configures it; closed by {@link #run()}
     * @param target closed by {@link #run()}
     * @param alertsTopic the detector's alerts topic, read beside the city topics; empty to read no alerts
     */
    public Ingester(Consumer<byte[], byte[]> consumer, InfluxTarget target, BatchPolicy batchPolicy,
            Duration statsInterval, Optional<String> alertsTopic) {
        this(consumer, target, batchPolicy, statsInterval, alertsTopic, new Backoff());
    }

    Ingester(Consumer<byte[], byte[]> consumer, InfluxTarget target, BatchPolicy batchPolicy, Duration statsInterval,
            Optional<String> alertsTopic, Backoff backoff) {
        if (alertsTopic.isPresent() && City.fromTopic(alertsTopic.get()).isPresent()) {
            throw new IllegalArgumentException("the alerts topic " + alertsTopic.get() + " is a city topic");
        }
        this.consumer = consumer;
        this.target = target;
        this.alertsTopic = alertsTopic;
        List<String> subscribed = new ArrayList<>(City.topics());
        alertsTopic.ifPresent(subscribed::add);
        this.topics = List.copyOf(subscribed);
        this.batchPolicy = batchPolicy;
        this.statsInterval = statsInterval;
        this.backoff = backoff;
        this.pollTimeout = batchPolicy.maxDelay().compareTo(MAX_POLL_TIMEOUT) < 0 ? batchPolicy.maxDelay() : MAX_POLL_TIMEOUT;
        this.rateLine = new RateLine(counters, System.nanoTime());
    }

    @Override
    public void run() {
        try {
            if (prepareSchema()) {
                consumer.subscribe(subscriptionPattern(topics), new RebalanceHandler());
                LOG.info("Ingester started: topics {}, InfluxDB {} database {} retention policy {} ({}), "
                        + "batches of up to {} points or {} ms", topics, target.url(), target.database(),
                        InfluxTarget.RETENTION_POLICY, target.retention(), batchPolicy.maxPoints(),
                        batchPolicy.maxDelay().toMillis());
                consumeUntilShutdown();
                writeAtShutdown();
            }
        } catch (KafkaException e) {
            // For example a group authorization error. Polling again fails the same way, so the ingester stops.
            LOG.error("Kafka consumer failed, stopping: {}", e.toString());
            exitCode = 1;
        } finally {
            close();
            finished.countDown();
        }
    }

    /** Makes {@link #run()} stop polling, write the pending batch and close. Safe to call from any thread. */
    public void shutdown() {
        closed = true;
    }

    /** Waits until {@link #run()} has closed the clients; returns false on timeout. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Returns 0 after a shutdown, or 1 after a failure that ended {@link #run()}, such as rejected credentials. */
    public int exitCode() {
        return exitCode;
    }

    /** The topics the ingester subscribes to: the city topics, then the alerts topic when one is given. */
    public List<String> topics() {
        return topics;
    }

    public IngestCounters counters() {
        return counters;
    }

    /** Records skipped because their value or timestamp is invalid. */
    public long rejectedRecords() {
        return rejected.count();
    }

    /**
     * Describes why the ingester does not do its work, for a health check, or returns null while it does.
     *
     * @param outage how long writes to InfluxDB may fail before that counts as a problem
     */
    public String problem(Duration outage) {
        if (closed) {
            return "the ingester is stopping";
        }
        if (paused) {
            long failingNanos = System.nanoTime() - outageStartNanos;
            if (failingNanos > outage.toNanos()) {
                return "writes to InfluxDB at " + target.url() + " have failed for " + failingNanos / 1_000_000_000
                        + " s; reading from Kafka is paused";
            }
        }
        return null;
    }

    /** True while a batch waits for a retry and reading from Kafka is paused. */
    public boolean isPaused() {
        return paused;
    }

    /**
     * Returns the records read from Kafka whose points are held in memory: the points of the pending batch
     * plus the records of the last poll not yet added to it. With the consumer of {@link ConsumerSettings}
     * this stays at most {@link #maxPendingRecords}, also while InfluxDB is unavailable.
     */
    public int pendingRecords() {
        return pendingRecords;
    }

    /** Returns the largest {@link #pendingRecords()} seen since the start, measured after every poll. */
    public int peakPendingRecords() {
        return peakPendingRecords;
    }

    /**
     * Returns the bound of {@link #pendingRecords()}: one full batch plus the records of one poll
     * ({@link ConsumerSettings#MAX_POLL_RECORDS}), because reading pauses while a batch cannot be written.
     */
    public static int maxPendingRecords(BatchPolicy batchPolicy) {
        return batchPolicy.maxPoints() + ConsumerSettings.MAX_POLL_RECORDS;
    }

    /** Creates the database and retention policy, retrying while InfluxDB is unreachable; false to stop. */
    private boolean prepareSchema() {
        Backoff startupBackoff = new Backoff(backoff.initial(), backoff.max());
        while (!closed) {
            try {
                target.prepareSchema();
                return true;
            } catch (InfluxSetupException e) {
                LOG.error("Cannot prepare database {} in InfluxDB at {}: {}", target.database(), target.url(),
                        e.getMessage());
                exitCode = 1;
                return false;
            } catch (InfluxDBException e) {
                if (InfluxErrors.isAuthenticationFailure(e)) {
                    LOG.error("InfluxDB at {} rejected the credentials or privileges ({}): {}. Check INFLUX_USER and "
                            + "INFLUX_PASSWORD. Creating the database needs a user with the admin privilege.",
                            target.url(), target.userDescription(), InfluxErrors.message(e));
                    exitCode = 1;
                    return false;
                }
                Duration delay = startupBackoff.nextDelay();
                LOG.warn("Preparing database {} in InfluxDB at {} failed (attempt {}): {}; retrying in {} ms",
                        target.database(), target.url(), startupBackoff.attempts(), InfluxErrors.message(e),
                        delay.toMillis());
                sleepUnlessClosed(delay);
            }
        }
        return false;
    }

    private void consumeUntilShutdown() {
        while (!closed) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(pollTimeout)) {
                unprocessed.add(record);
            }
            updatePendingRecords();
            addUnprocessed();

            long now = System.nanoTime();
            if (paused) {
                if (now - nextAttemptNanos >= 0) {
                    writeOrBackOff();
                    addUnprocessed();
                }
            } else if (batchPolicy.isDue(batch.pointCount(), batch.recordCount(), batch.firstRecordNanos(), now)) {
                writeOrBackOff();
            }

            if (now - rateLine.lastNanos() >= statsInterval.toNanos()) {
                rateLine.log(now, rejected.count(), lagDescription(), pauseDescription(now));
            }
            updatePendingRecords();
        }
    }

    private void updatePendingRecords() {
        int pending = batch.pointCount() + unprocessed.size();
        pendingRecords = pending;
        if (pending > peakPendingRecords) {
            peakPendingRecords = pending;
        }
    }

    /** Adds the records of the last poll to the batch, writing it whenever it is full, until writing fails. */
    private void addUnprocessed() {
        while (!paused && !unprocessed.isEmpty()) {
            add(unprocessed.poll());
            if (batchPolicy.isFull(batch.pointCount())) {
                writeOrBackOff();
            }
        }
    }

    /** Adds the point of {@code record} to the batch, or counts and skips the record. */
    private void add(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (alertsTopic.isPresent() && alertsTopic.get().equals(record.topic())) {
            addAlert(record, partition);
            return;
        }

        Optional<City> city = City.fromTopic(record.topic());
        if (city.isEmpty()) {
            skipInvalid(record, partition, "the topic is not a city topic");
            return;
        }
        Transaction transaction;
        long timeNanos;
        try {
            transaction = TransactionCodec.decode(city.get(), record.value());
            timeNanos = TransactionPoints.timeNanos(record.timestamp(), record.partition(), record.offset());
        } catch (InvalidTransactionException e) {
            skipInvalid(record, partition, e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            skipInvalid(record, partition, e.getMessage() + "; value " + ValueText.describe(record.value()));
            return;
        }

        if (skipIfExpired(record, partition, record.timestamp())) {
            return;
        }
        collisions.onRecord(partition, record.timestamp(), record.offset());
        batch.addPoint(partition, record.offset(), TransactionPoints.toPoint(transaction, timeNanos), System.nanoTime());
    }

    /**
     * Adds the point of an alert record to the batch, or counts and skips the record. Its retention is
     * judged by the alert's window end, which is the point time.
     */
    private void addAlert(ConsumerRecord<byte[], byte[]> record, TopicPartition partition) {
        AlertRecord alert;
        long timeNanos;
        try {
            alert = AlertJson.read(record.value());
            timeNanos = AlertPoints.timeNanos(alert, record.partition(), record.offset());
        } catch (IllegalArgumentException e) {
            skipInvalid(record, partition, e.getMessage() + "; value " + ValueText.describe(record.value()));
            return;
        }

        if (skipIfExpired(record, partition, alert.windowEnd().toEpochMilli())) {
            return;
        }
        batch.addPoint(partition, record.offset(), AlertPoints.toPoint(alert, timeNanos), System.nanoTime());
    }

    private void skipInvalid(ConsumerRecord<byte[], byte[]> record, TopicPartition partition, String reason) {
        rejected.reject(record.topic(), record.partition(), record.offset(), reason);
        batch.addSkipped(partition, record.offset(), System.nanoTime());
    }

    /** Counts and skips {@code record} when a point at {@code pointMillis} is older than the retention duration. */
    private boolean skipIfExpired(ConsumerRecord<byte[], byte[]> record, TopicPartition partition, long pointMillis) {
        if (!target.retention().isExpired(pointMillis, System.currentTimeMillis())) {
            return false;
        }
        counters.addExpired();
        logExpired(record, pointMillis);
        batch.addSkipped(partition, record.offset(), System.nanoTime());
        return true;
    }

    /** Writes the batch; when that fails, pauses reading and schedules the next attempt. */
    private void writeOrBackOff() {
        Optional<String> failure = writeBatch();
        if (failure.isEmpty()) {
            endOutage();
            return;
        }

        long now = System.nanoTime();
        if (!paused) {
            // Set before paused, so that a thread that reads paused as true also reads when the outage began.
            outageStartNanos = now;
            paused = true;
            consumer.pause(consumer.assignment());
        }
        counters.addFailedWrite();
        Duration delay = backoff.nextDelay();
        nextAttemptNanos = now + delay.toNanos();
        LOG.warn("Writing {} points to database {} in InfluxDB at {} failed (attempt {}): {}; reading from Kafka is "
                + "paused, next attempt in {} ms", batch.pointCount(), target.database(), target.url(),
                backoff.attempts(), failure.get(), delay.toMillis());
    }

    /** Resumes reading after failed attempts, once the batch is written. */
    private void endOutage() {
        if (!paused) {
            return;
        }
        consumer.resume(consumer.assignment());
        paused = false;
        counters.addRecovery();
        LOG.info("Resumed reading from Kafka after {} s of outage and {} failed writes to InfluxDB at {}",
                (System.nanoTime() - outageStartNanos) / 1_000_000_000, backoff.attempts(), target.url());
        backoff.reset();
    }

    /**
     * Writes the batch once and commits its offsets when InfluxDB accepted it or rejected points for good.
     *
     * @return empty when the batch is done, or why the write failed when it is kept for another attempt
     */
    private Optional<String> writeBatch() {
        if (batch.pointCount() == 0) {
            commitBatch();
            return Optional.empty();
        }

        WriteResult result = target.write(batch.points());
        if (result instanceof WriteResult.SchemaMissing missing) {
            LOG.warn("InfluxDB at {} reports {}; creating database {} and retention policy {} again", target.url(),
                    missing.reason(), target.database(), InfluxTarget.RETENTION_POLICY);
            try {
                target.prepareSchema();
            } catch (InfluxDBException | InfluxSetupException e) {
                return Optional.of("creating the database failed: " + InfluxErrors.message(e));
            }
            result = target.write(batch.points());
        }

        if (result instanceof WriteResult.Written written) {
            counters.addBatch(written.points(), 0);
        } else if (result instanceof WriteResult.Rejected rejectedPoints) {
            logDropped(rejectedPoints);
            counters.addBatch(rejectedPoints.points() - rejectedPoints.dropped(), rejectedPoints.dropped());
        } else if (result instanceof WriteResult.Failed failed) {
            return Optional.of(failed.authentication()
                    ? "InfluxDB rejected the credentials or privileges (" + target.userDescription() + "): "
                            + failed.reason()
                    : failed.reason());
        } else if (result instanceof WriteResult.SchemaMissing missing) {
            return Optional.of(missing.reason());
        }
        commitBatch();
        return Optional.empty();
    }

    /** Commits the batch's offsets and empties it. */
    private void commitBatch() {
        Map<TopicPartition, OffsetAndMetadata> offsets = batch.offsetsToCommit();
        batch.clear();
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets, COMMIT_TIMEOUT);
        } catch (CommitFailedException | RebalanceInProgressException | RetriableException e) {
            LOG.warn("Committing offsets {} failed: {}. The points are in InfluxDB already, so the next owner of "
                    + "these partitions rewrites them with the same times, which changes nothing.", offsets,
                    e.toString());
        }
    }

    /** Writes the pending batch with a few attempts, so that a stop loses no work that is already read. */
    private void writeAtShutdown() {
        for (int attempt = 1; attempt <= SHUTDOWN_WRITE_ATTEMPTS && !batch.isEmpty(); attempt++) {
            Optional<String> failure = writeBatch();
            if (failure.isEmpty()) {
                return;
            }
            counters.addFailedWrite();
            LOG.warn("Writing the last {} points at shutdown failed (attempt {} of {}): {}", batch.pointCount(),
                    attempt, SHUTDOWN_WRITE_ATTEMPTS, failure.get());
            if (attempt < SHUTDOWN_WRITE_ATTEMPTS) {
                sleep(Duration.ofSeconds(attempt));
            }
        }
        if (!batch.isEmpty()) {
            LOG.error("Stopping without writing {} points; their offsets are not committed, so the next consumer of "
                    + "their partitions reads them again", batch.pointCount());
            batch.clear();
        }
    }

    private void close() {
        unprocessed.clear();
        try {
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        } catch (KafkaException e) {
            LOG.warn("Closing the Kafka consumer failed: {}", e.toString());
        }
        target.close();
        LOG.info("Ingester stopped: {} points written in {} batches, {} records rejected, {} points dropped by "
                + "InfluxDB, {} expired, {} failed writes", counters.pointsWritten(), counters.batchesWritten(),
                rejected.count(), counters.droppedPoints(), counters.expiredPoints(), counters.failedWrites());
    }

    /**
     * Returns the sum of the consumer lag of the assigned partitions, or why it is unknown: a partition has
     * no lag yet, or reading is paused, which stops the fetches that update it.
     */
    private String lagDescription() {
        if (paused) {
            return "unknown while paused";
        }
        Set<TopicPartition> assignment = consumer.assignment();
        if (assignment.isEmpty()) {
            return "unknown (no partitions assigned)";
        }
        long sum = 0;
        for (TopicPartition partition : assignment) {
            OptionalLong lag = consumer.currentLag(partition);
            if (lag.isEmpty()) {
                return "unknown";
            }
            sum += lag.getAsLong();
        }
        return Long.toString(sum);
    }

    private String pauseDescription(long nowNanos) {
        if (!paused) {
            return "writing";
        }
        return "paused for " + (nowNanos - outageStartNanos) / 1_000_000_000 + " s after " + backoff.attempts()
                + " failed attempts";
    }

    private void logDropped(WriteResult.Rejected rejectedPoints) {
        long leftOut = droppedLog.tryAcquire();
        if (leftOut < 0) {
            return;
        }
        LOG.error("InfluxDB rejected {} of {} points for database {}, measurement {}: {}. These points are dropped "
                + "and their offsets committed.{}", rejectedPoints.dropped(), rejectedPoints.points(), target.database(),
                TransactionPoints.MEASUREMENT, rejectedPoints.reason(),
                leftOut > 0 ? " " + leftOut + " more rejected batches were not logged." : "");
    }

    private void logExpired(ConsumerRecord<byte[], byte[]> record, long pointMillis) {
        long leftOut = expiredLog.tryAcquire();
        if (leftOut < 0) {
            return;
        }
        LOG.warn("Skipped expired record {}-{}@{}: its point time {} ms is more than the retention duration {} ago, "
                + "so InfluxDB would reject its point{}", record.topic(), record.partition(), record.offset(),
                pointMillis, target.retention(),
                leftOut > 0 ? " (" + leftOut + " more expired records were not logged)" : "");
    }

    private void sleepUnlessClosed(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        while (!closed && deadline - System.nanoTime() > 0) {
            sleep(Duration.ofNanos(Math.min(deadline - System.nanoTime(), MAX_POLL_TIMEOUT.toNanos())));
        }
    }

    /** Sleeps for {@code duration}; an interrupt stops the ingester as {@link #shutdown()} does. */
    private void sleep(Duration duration) {
        try {
            Thread.sleep(Math.max(1, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    /**
     * Returns a pattern that matches exactly {@code topics}. A pattern subscription takes only topics that
     * exist and finds new ones at the consumer's periodic metadata refresh. A subscription by name makes
     * Kafka 4.4's consumer request the metadata of a missing topic about once a second and log a warning
     * each time. That goes on for as long as the topic is missing, such as the alerts topic before the
     * detector creates it.
     */
    static Pattern subscriptionPattern(List<String> topics) {
        return Pattern.compile(topics.stream().map(Pattern::quote).collect(Collectors.joining("|")));
    }

    private static List<TopicPartition> sorted(Collection<TopicPartition> partitions) {
        return partitions.stream()
                .sorted(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition))
                .toList();
    }

    /** Writes or drops pending work of partitions that move to another consumer. Runs inside poll(). */
    private final class RebalanceHandler implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            LOG.info("Assigned partitions {}", sorted(partitions));
            collisions.onAssigned(partitions);
            if (paused) {
                consumer.pause(partitions);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            LOG.info("Revoked partitions {}", sorted(partitions));
            unprocessed.removeIf(record -> partitions.contains(new TopicPartition(record.topic(), record.partition())));
            if (batch.containsAny(partitions)) {
                // One attempt only: the group waits for this callback before it assigns the partitions again.
                Optional<String> failure = writeBatch();
                if (failure.isEmpty()) {
                    endOutage();
                } else {
                    counters.addFailedWrite();
                    int dropped = batch.removePartitions(partitions);
                    LOG.warn("Writing the batch before giving up partitions {} failed: {}. Dropped their {} pending "
                            + "points without committing, so the next owner reads them again.", sorted(partitions),
                            failure.get(), dropped);
                }
            }
            collisions.onRevoked(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            // Another consumer may own them already, so nothing of them can be committed.
            unprocessed.removeIf(record -> partitions.contains(new TopicPartition(record.topic(), record.partition())));
            int dropped = batch.removePartitions(partitions);
            collisions.onRevoked(partitions);
            LOG.warn("Lost partitions {}; dropped their {} pending points without committing, so the next owner "
                    + "reads them again", sorted(partitions), dropped);
        }
    }
}
