package fintrans.generator;

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
import fintrans.common.Transaction;
import fintrans.common.TransactionCodec;

/**
 * Sends random transactions to the city topics until it has sent {@code count} of them or
 * {@link #shutdown()} is called, then flushes and closes the producer so that every transaction it
 * generated is either acknowledged by the broker or counted as failed.
 *
 * <p>Each record is keyed by its source account, so all transfers of one source land in one partition
 * and one consumer of a group sees all of them.
 */
public final class Generator implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Generator.class);
    /** Maximum single sleep, so that {@link #shutdown()} takes effect quickly even at low rates. */
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Producer<String, String> producer;
    private final RandomTransactions transactions;
    private final Pacer pacer;
    private final long count;
    private final boolean verbose;

    private final AtomicLong generated = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final LogLimiter failureLog = new LogLimiter(10, TimeUnit.SECONDS, 10);
    private final Callback countingCallback = this::onCompletion;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean closed;

    /**
     * @param count transactions to send before stopping, or 0 to run until {@link #shutdown()}
     * @param verbose log every acknowledged record
     */
    public Generator(Producer<String, String> producer, RandomTransactions transactions, Rate rate, long count,
            boolean verbose) {
        this.producer = producer;
        this.transactions = transactions;
        this.pacer = new Pacer(rate, System::nanoTime);
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
                Transaction transaction = transactions.next();
                String value = TransactionCodec.encode(transaction);
                ProducerRecord<String, String> record =
                        new ProducerRecord<>(transaction.city().topic(), transaction.source(), value);
                producer.send(record, verbose ? (metadata, e) -> logSent(metadata, value, e) : countingCallback);
                generated.incrementAndGet();
            }
        } catch (InterruptException e) {
            LOG.warn("Interrupted while sending; closing the producer");
        } finally {
            // close() sends what is buffered and waits for every acknowledgement or failure.
            producer.close(Duration.ofSeconds(60));
            LOG.info("Generator stopped: {} generated, {} sent, {} failed",
                    generated.get(), acknowledged.get(), failed.get());
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

    /** Transactions handed to the producer so far. */
    public long generated() {
        return generated.get();
    }

    /** Transactions the broker acknowledged so far. */
    public long sent() {
        return acknowledged.get();
    }

    /** Transactions the producer gave up on so far. */
    public long failed() {
        return failed.get();
    }

    /** Sleeps until the pacer's next slot; returns false when shut down meanwhile. */
    private boolean awaitNextSlot() {
        long waitNanos = pacer.reserveNext();
        long deadline = System.nanoTime() + waitNanos;
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
