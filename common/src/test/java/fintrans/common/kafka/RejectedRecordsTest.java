package fintrans.common.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

class RejectedRecordsTest {

    @Test
    void logsPositionAndReason() {
        RecordingLogger log = new RecordingLogger();
        RejectedRecords rejected = new RejectedRecords(log, 1, TimeUnit.HOURS, 5);

        rejected.reject("London", 3, 1234, "invalid transaction \"1 2\": found 2");

        assertEquals(List.of("Skipped record London-3@1234: invalid transaction \"1 2\": found 2"), log.lines);
    }

    @Test
    void countsEveryRecordButLogsAtMostLimit() {
        RecordingLogger log = new RecordingLogger();
        RejectedRecords rejected = new RejectedRecords(log, 1, TimeUnit.HOURS, 3);

        for (int offset = 0; offset < 10; offset++) {
            rejected.reject("NYC", 0, offset, "bad");
        }

        assertEquals(10, rejected.count());
        assertEquals(3, log.lines.size());
    }

    @Test
    void reportsSuppressedLinesWhenIntervalRestarts() throws InterruptedException {
        RecordingLogger log = new RecordingLogger();
        RejectedRecords rejected = new RejectedRecords(log, 50, TimeUnit.MILLISECONDS, 1);

        rejected.reject("SF", 0, 0, "bad");
        rejected.reject("SF", 0, 1, "bad");
        rejected.reject("SF", 0, 2, "bad");
        Thread.sleep(100);
        rejected.reject("SF", 0, 3, "bad");

        assertEquals(2, log.lines.size());
        assertTrue(log.lines.get(1).endsWith("(2 more skipped records were not logged)"), log.lines.get(1));
    }

    /** Keeps every formatted message, whatever its level. */
    static final class RecordingLogger extends AbstractLogger {
        private static final long serialVersionUID = 1L;
        final List<String> lines = new ArrayList<>();

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern,
                Object[] arguments, Throwable throwable) {
            lines.add(MessageFormatter.basicArrayFormat(messagePattern, arguments));
        }

        @Override public boolean isTraceEnabled() { return true; }
        @Override public boolean isTraceEnabled(Marker marker) { return true; }
        @Override public boolean isDebugEnabled() { return true; }
        @Override public boolean isDebugEnabled(Marker marker) { return true; }
        @Override public boolean isInfoEnabled() { return true; }
        @Override public boolean isInfoEnabled(Marker marker) { return true; }
        @Override public boolean isWarnEnabled() { return true; }
        @Override public boolean isWarnEnabled(Marker marker) { return true; }
        @Override public boolean isErrorEnabled() { return true; }
        @Override public boolean isErrorEnabled(Marker marker) { return true; }
    }
}
