package fintrans.common.kafka;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;

/** The start-up check every service makes before it begins, so that a wrong --broker fails at once. */
public final class BrokerCheck {
    private BrokerCheck() {
    }

    /**
     * Asks the cluster for its nodes.
     *
     * @return empty when the broker answered within {@code timeout}, else an error message for the user
     *     that names the broker list and what to check
     */
    public static Optional<String> check(Admin admin, BrokerList broker, Duration timeout) throws InterruptedException {
        try {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            return Optional.of("Cannot reach a Kafka broker at " + broker + " within " + timeout.toSeconds() + " s ("
                    + cause + "). Check --broker and that the broker is running.");
        }
    }
}
