package fintrans.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;

import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBIOException;
import org.junit.jupiter.api.Test;

/** Classifies the error responses of InfluxDB 1.6, as influxdb-java turns them into exceptions. */
class WriteResultTest {

    private static WriteResult classify(String responseBody, int points) {
        return WriteResult.of(InfluxDBException.buildExceptionForErrorState(responseBody), points);
    }

    @Test
    void fieldTypeConflictIsRejectedWithDroppedCount() {
        WriteResult result = classify("{\"error\":\"partial write: field type conflict: input field \\\"amount\\\" on "
                + "measurement \\\"transactions\\\" is type integer, already exists as type float dropped=3\"}", 10);

        WriteResult.Rejected rejected = assertInstanceOf(WriteResult.Rejected.class, result);
        assertEquals(3, rejected.dropped());
        assertEquals(10, rejected.points());
        assertTrue(rejected.reason().contains("already exists as type float"), rejected.reason());
    }

    @Test
    void pointsBeyondRetentionAreRejected() {
        WriteResult result = classify("{\"error\":\"partial write: points beyond retention policy dropped=1\"}", 4);

        assertEquals(1, assertInstanceOf(WriteResult.Rejected.class, result).dropped());
    }

    @Test
    void otherPartialWriteIsRejected() {
        WriteResult result = classify("{\"error\":\"partial write: max-values-per-tag limit exceeded (100010/100000): "
                + "measurement=\\\"transactions\\\" tag=\\\"city\\\" dropped=2\"}", 4);

        assertEquals(2, assertInstanceOf(WriteResult.Rejected.class, result).dropped());
    }

    @Test
    void parseErrorWithoutCountDropsWholeBatch() {
        WriteResult result = classify("{\"error\":\"unable to parse 'transactions,city=SF amount=16i,x 1': "
                + "invalid field format\"}", 5);

        assertEquals(5, assertInstanceOf(WriteResult.Rejected.class, result).dropped());
    }

    @Test
    void droppedCountNeverExceedsBatch() {
        assertEquals(2, WriteResult.droppedPoints("partial write: x dropped=99", 2));
        assertEquals(2, WriteResult.droppedPoints("partial write: x dropped=99999999999999999999999", 2));
    }

    @Test
    void missingDatabaseAsksForSchema() {
        assertInstanceOf(WriteResult.SchemaMissing.class, classify("{\"error\":\"database not found: \\\"gone\\\"\"}", 1));
    }

    @Test
    void missingRetentionPolicyAsksForSchema() {
        assertInstanceOf(WriteResult.SchemaMissing.class,
                classify("{\"error\":\"retention policy not found: fintrans_recent\"}", 1));
    }

    @Test
    void wrongPasswordIsRetriedAsAuthenticationFailure() {
        WriteResult.Failed failed = assertInstanceOf(WriteResult.Failed.class,
                classify("{\"error\":\"authorization failed\"}", 1));

        assertTrue(failed.authentication());
    }

    @Test
    void missingCredentialsAreNotTakenForParseError() {
        WriteResult.Failed failed = assertInstanceOf(WriteResult.Failed.class,
                classify("{\"error\":\"unable to parse authentication credentials\"}", 1));

        assertTrue(failed.authentication());
    }

    @Test
    void missingWritePrivilegeIsAuthenticationFailure() {
        WriteResult.Failed failed = assertInstanceOf(WriteResult.Failed.class,
                classify("{\"error\":\"\\\"bob\\\" user is not authorized to write to database \\\"d1\\\"\"}", 1));

        assertTrue(failed.authentication());
    }

    @Test
    void serverTimeoutIsRetried() {
        WriteResult.Failed failed = assertInstanceOf(WriteResult.Failed.class, classify("{\"error\":\"timeout\"}", 1));

        assertEquals("timeout", failed.reason());
    }

    @Test
    void proxyErrorPageIsRetried() {
        WriteResult.Failed failed = assertInstanceOf(WriteResult.Failed.class,
                classify("<html><body>502 Bad Gateway</body></html>", 1));

        assertTrue(failed.reason().contains("502 Bad Gateway"), failed.reason());
    }

    @Test
    void connectionFailureIsRetried() {
        IOException cause = new ConnectException("Failed to connect to /127.0.0.1:8086");

        WriteResult.Failed failed = assertInstanceOf(WriteResult.Failed.class,
                WriteResult.of(new InfluxDBIOException(cause), 1));

        assertTrue(failed.reason().contains("Failed to connect"), failed.reason());
        assertEquals(false, failed.authentication());
    }
}
