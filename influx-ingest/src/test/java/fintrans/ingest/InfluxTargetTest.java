package fintrans.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class InfluxTargetTest {

    @Test
    void identifiersAreQuoted() {
        assertEquals("\"fintrans\"", InfluxTarget.quote("fintrans"));
        assertEquals("\"my \\\"db\\\"\"", InfluxTarget.quote("my \"db\""));
    }

    @Test
    void databaseNamesFollowInfluxRules() {
        InfluxTarget.checkDatabaseName("fintrans");
        InfluxTarget.checkDatabaseName("fin-trans 2");

        for (String name : new String[] {"", ".", "..", "a/b", "a\\b", "tab\there"}) {
            assertThrows(IllegalArgumentException.class, () -> InfluxTarget.checkDatabaseName(name), name);
        }
    }

    @Test
    void urlCredentialsAreRemovedForLogs() {
        assertEquals("http://influx:8086", InfluxTarget.redactUrl("http://admin:secret@influx:8086"));
        assertEquals("http://influx:8086/base", InfluxTarget.redactUrl("http://admin:secret@influx:8086/base"));
        assertEquals("http://localhost:8086", InfluxTarget.redactUrl("http://localhost:8086"));
    }
}
