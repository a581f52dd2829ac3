package fintrans.generator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fintrans.common.LogLimiter;
import fintrans.common.ScenarioHeaders;
import fintrans.common.Transaction;
import fintrans.common.TransactionCodec;
import fintrans.generator.TransferSchedule.OutgoingTransfer;

/**
 * Sends the records of a {@link TransferSchedule} to the city topics until it has sent {@code count} of
 * them or {@link #shutdown()} is called, then flushes and closes the producer so that every record it
 * generated is either acknowledged by the broker or counted as failed.
 *
 * <p>Each record is keyed by its source account, so all transfers of one source land in one partition
 * and one consumer of a group receives all of them. Scenario transfers carry the {@link ScenarioHeaders};
 * background records carry no headers.
 */
public final class Generator implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Generator.class);
    /** Maximum single sleep, so that {@link #shutdown()} takes effect quickly even at low rates. */
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Producer<String, String> producer;
    private final TransferSchedule schedule;
    private final long count;
    private final boolean verbose;

    private final AtomicLong generated = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    /** When the broker last acknowledged a record, or when the generator was created, in nanoseconds. */
    private volatile long lastAcknowledgedNanos = System.nanoTime();
    private final AtomicLong failed = new AtomicLong();
    private final LogLimiter failureLog = new LogLimiter(10, TimeUnit.SECONDS, 10);
    private final Callback countingCallback = this::onCompletion;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean closed;

    /**
     * @param schedule a schedule on the {@link System#nanoTime()} clock
     * @param count records to send before stopping, background and scenario records together, or 0 to
     *     run until {@link #shutdown()}
     * @param verbose log every acknowledged record
     */
    Generator(Producer<String, String> producer, TransferSchedule schedule, long count, boolean verbose) {
        this.producer = producer;
        this.schedule = schedule;
        this.count = count;
        this.verbose = verbose;
    }

    @Override
    public void run() {
        try {
            while (!closed && (count == 0 || generated.get() < count)) {
                if (!awaitNextSlot()) {
                    break;
                }
                OutgoingTransfer transfer = schedule.next();
                Transaction transaction = transfer.transaction();
                String value = TransactionCodec.encode(transaction);
                ProducerRecord<String, String> record =
                        new ProducerRecord<>(transaction.city().topic(), transaction.source(), value);
                Scenario scenario = transfer.scenario();
                if (scenario != null) {
                    record.headers().add(ScenarioHeaders.ID, scenario.id().getBytes(StandardCharsets.UTF_8));
                    record.headers().add(ScenarioHeaders.KIND, scenario.kind().getBytes(StandardCharsets.UTF_8));
                }
                producer.send(record, verbose ? (metadata, e) -> logSent(metadata, value, e) : countingCallback);
                generated.incrementAndGet();
            }
        } catch (InterruptException e) {
            LOG.warn("Interrupted while sending; closing the producer");
        } finally {
            // close() sends what is buffered and waits for every acknowledgement or failure.
            producer.close(Duration.ofSeconds(60));
            schedule.logUnfinished();
            LOG.info("Generator stopped: {} generated, {} sent, {} failed; {} of the generated were transfers of {} "
                    + "scenarios", generated.get(), acknowledged.get(), failed.get(), schedule.scenarioTransfers(),
                    schedule.scenariosStarted());
            finished.countDown();
        }
    }

    /** Makes {@link #run()} stop generating, flush and close the producer. Safe to call from any thread. */
    public void shutdown() {
        closed = true;
    }

    /** Waits until {@link #run()} has closed the producer; returns false on timeout. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Records handed to the producer so far. */
    public long generated() {
        return generated.get();
    }

    /** Records the broker acknowledged so far. */
    public long sent() {
        return acknowledged.get();
    }

    /** Records the producer gave up on so far. */
    public long failed() {
        return failed.get();
    }

    /**
     * Returns null while the generator works, or what is wrong: it is stopping, or records are waiting
     * and the broker has acknowledged none for {@code silence}. For the health endpoint.
     */
    public String problem(Duration silence) {
        if (closed) {
            return "the generator is stopping";
        }
        long waiting = generated.get() - acknowledged.get() - failed.get();
        long quietNanos = System.nanoTime() - lastAcknowledgedNanos;
        if (waiting > 0 && quietNanos > silence.toNanos()) {
            return waiting + " records wait and the broker acknowledged none for " + quietNanos / 1_000_000_000 + " s";
        }
        return null;
    }

    /** Sleeps until the schedule's next record is due; returns false when shut down meanwhile. */
    private boolean awaitNextSlot() {
        long deadline = schedule.nextDueNanos();
        long waitNanos = deadline - System.nanoTime();
        while (waitNanos > 0) {
            if (closed) {
                return false;
            }
            LockSupport.parkNanos(Math.min(waitNanos, MAX_PARK_NANOS));
            waitNanos = deadline - System.nanoTime();
        }
        return !closed;
    }

    private void onCompletion(RecordMetadata metadata, Exception exception) {
        if (exception == null) {
            acknowledged.incrementAndGet();
            lastAcknowledgedNanos = System.nanoTime();
            return;
        }
        failed.incrementAndGet();
        long leftOut;
        synchronized (failureLog) {
            leftOut = failureLog.tryAcquire();
        }
        if (leftOut >= 0) {
            LOG.error("Sending to {} failed: {}{}", metadata.topic(), exception.toString(),
                    leftOut > 0 ? " (" + leftOut + " more failures were not logged)" : "");
        }
    }

    private void logSent(RecordMetadata metadata, String value, Exception exception) {
        onCompletion(metadata, exception);
        if (exception == null) {
            LOG.info("Sent {}-{}@{}: {}", metadata.topic(), metadata.partition(), metadata.offset(), value);
        }
    }
}
