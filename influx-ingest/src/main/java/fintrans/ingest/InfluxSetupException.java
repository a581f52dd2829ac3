package fintrans.ingest;

/**
 * Raised when InfluxDB rejects a statement that creates or changes the database or the retention policy,
 * or sends a response without the expected result. The message names the statement and InfluxDB's
 * error. Retrying the same statement fails the same way, so the ingester stops at startup.
 */
public class InfluxSetupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InfluxSetupException(String message) {
        super(message);
    }
}
