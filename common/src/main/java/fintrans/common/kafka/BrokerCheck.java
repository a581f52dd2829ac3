package fintrans.common.kafka;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;

/** The start-up check every service makes before it begins, so that a wrong --broker fails at once. */
public final class BrokerCheck {
    private BrokerCheck() {
    }

    /**
     * Creates an Admin client and waits until the cluster lists its nodes. Every call of the returned
     * client gives up after {@code timeout}, so closing it never waits longer than that.
     *
     * @throws BrokerUnavailableException when no broker responds within {@code timeout} or no host name of
     *     the list resolves; its message names the broker list and what to check
     */
    public static Admin connect(BrokerList broker, String clientId, Duration timeout)
            throws BrokerUnavailableException, InterruptedException {
        return connect(broker, clientId, timeout, ClientSettings.none());
    }

    /**
     * Connects like {@link #connect(BrokerList, String, Duration)}, with {@code settings} added to the
     * client, such as the security settings of a secured cluster.
     */
    public static Admin connect(BrokerList broker, String clientId, Duration timeout, ClientSettings settings)
            throws BrokerUnavailableException, InterruptedException {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));

        Admin admin;
        try {
            admin = Admin.create(settings.applyTo(properties));
        } catch (KafkaException e) {
            // Admin.create fails at once when no host name of the list resolves, or when a client setting
            // is wrong, such as a truststore file that does not exist.
            String reason = e.getCause() != null ? e.getCause().toString() : e.toString();
            if (settings.file() == null) {
                throw unavailable(broker, reason);
            }
            throw new BrokerUnavailableException("Cannot create a Kafka client for " + broker + " with the client "
                    + "properties from " + settings.file() + " (" + reason + "). Check --broker and the settings "
                    + "in that file.");
        }
        try {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return admin;
        } catch (ExecutionException e) {
            admin.close(Duration.ZERO);
            throw unavailable(broker, e.getCause() != null ? e.getCause().toString() : e.toString());
        } catch (TimeoutException e) {
            admin.close(Duration.ZERO);
            throw unavailable(broker, "no response within " + timeout.toSeconds() + " s");
        }
    }

    private static BrokerUnavailableException unavailable(BrokerList broker, String reason) {
        return new BrokerUnavailableException("Cannot reach a Kafka broker at " + broker + " (" + reason
                + "). Check --broker and that the broker is running.");
    }

    /** Raised when no Kafka broker of a list can be reached; the message is meant for the user. */
    public static final class BrokerUnavailableException extends Exception {
        private static final long serialVersionUID = 1L;

        BrokerUnavailableException(String message) {
            super(message);
        }
    }
}
