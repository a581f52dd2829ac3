package fintrans.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Test;

class QueryResponsesTest {

    private static final String SHOW_POLICIES = "SHOW RETENTION POLICIES ON \"fintrans\"";
    private static final List<String> POLICY_COLUMNS =
            List.of("name", "duration", "shardGroupDuration", "replicaN", "default");

    private static QueryResult response(List<String> columns, List<List<Object>> values) {
        QueryResult.Series series = new QueryResult.Series();
        series.setColumns(columns);
        series.setValues(values);
        QueryResult.Result result = new QueryResult.Result();
        result.setSeries(List.of(series));
        QueryResult response = new QueryResult();
        response.setResults(List.of(result));
        return response;
    }

    private static List<Object> row(Object... values) {
        return new ArrayList<>(Arrays.asList(values));
    }

    @Test
    void retentionPolicyIsFoundByName() {
        QueryResult response = response(POLICY_COLUMNS, List.of(row("autogen", "0s", "168h0m0s", 1.0, false),
                row("fintrans_recent", "1h0m0s", "1h0m0s", 1.0, true)));

        Optional<QueryResponses.RetentionPolicyRow> policy =
                QueryResponses.retentionPolicy(response, SHOW_POLICIES, "fintrans_recent");

        assertEquals(Optional.of(new QueryResponses.RetentionPolicyRow("fintrans_recent", "1h0m0s", "1h0m0s", true)),
                policy);
    }

    @Test
    void columnsInOtherOrderAreRead() {
        QueryResult response = response(List.of("default", "name", "replicaN", "shardGroupDuration", "duration"),
                List.of(row(false, "fintrans_recent", 1.0, "1h0m0s", "2h0m0s")));

        QueryResponses.RetentionPolicyRow policy =
                QueryResponses.retentionPolicy(response, SHOW_POLICIES, "fintrans_recent").orElseThrow();

        assertEquals("2h0m0s", policy.duration());
        assertEquals(false, policy.isDefault());
    }

    @Test
    void responseWithoutSeriesHasNoPolicy() {
        QueryResult.Result result = new QueryResult.Result();
        QueryResult response = new QueryResult();
        response.setResults(List.of(result));

        assertEquals(Optional.empty(), QueryResponses.retentionPolicy(response, SHOW_POLICIES, "fintrans_recent"));
    }

    @Test
    void seriesWithoutValuesHasNoDatabases() {
        assertEquals(List.of(), QueryResponses.databaseNames(response(List.of("name"), null), "SHOW DATABASES"));
    }

    @Test
    void databaseNamesAreRead() {
        QueryResult response = response(List.of("name"), List.of(row("_internal"), row("fintrans")));

        assertEquals(List.of("_internal", "fintrans"), QueryResponses.databaseNames(response, "SHOW DATABASES"));
    }

    @Test
    void responseWithoutResultsIsClearError() {
        InfluxSetupException error = assertThrows(InfluxSetupException.class,
                () -> QueryResponses.retentionPolicy(new QueryResult(), SHOW_POLICIES, "fintrans_recent"));

        assertTrue(error.getMessage().contains("without a result"), error.getMessage());
        assertTrue(error.getMessage().contains(SHOW_POLICIES), error.getMessage());
    }

    @Test
    void nullAnswerIsClearError() {
        InfluxSetupException error = assertThrows(InfluxSetupException.class,
                () -> QueryResponses.databaseNames(null, "SHOW DATABASES"));

        assertTrue(error.getMessage().contains("no response"), error.getMessage());
    }

    @Test
    void statementErrorIsReported() {
        QueryResult.Result result = new QueryResult.Result();
        result.setError("retention policy duration must be greater than the shard duration");
        QueryResult response = new QueryResult();
        response.setResults(List.of(result));

        InfluxSetupException error = assertThrows(InfluxSetupException.class,
                () -> QueryResponses.singleResult(response, "ALTER RETENTION POLICY x ON y DURATION 1h"));

        assertTrue(error.getMessage().contains("rejected 'ALTER RETENTION POLICY"), error.getMessage());
        assertTrue(error.getMessage().contains("greater than the shard duration"), error.getMessage());
    }

    @Test
    void missingColumnIsClearError() {
        QueryResult response = response(List.of("name", "duration"), List.of(row("fintrans_recent", "1h0m0s")));

        InfluxSetupException error = assertThrows(InfluxSetupException.class,
                () -> QueryResponses.retentionPolicy(response, SHOW_POLICIES, "fintrans_recent"));

        assertTrue(error.getMessage().contains("expected at least"), error.getMessage());
    }

    @Test
    void shortRowIsClearError() {
        QueryResult response = response(POLICY_COLUMNS, List.of(row("fintrans_recent", "1h0m0s")));

        InfluxSetupException error = assertThrows(InfluxSetupException.class,
                () -> QueryResponses.retentionPolicy(response, SHOW_POLICIES, "fintrans_recent"));

        assertTrue(error.getMessage().contains("does not match the columns"), error.getMessage());
    }

    @Test
    void wrongValueTypesAreClearErrors() {
        QueryResult numberName = response(POLICY_COLUMNS, List.of(row(7.0, "1h0m0s", "1h0m0s", 1.0, true)));
        QueryResult textDefault = response(POLICY_COLUMNS, List.of(row("fintrans_recent", "1h0m0s", "1h0m0s", 1.0, "yes")));
        QueryResult nullDuration = response(POLICY_COLUMNS, List.of(row("fintrans_recent", null, "1h0m0s", 1.0, true)));

        InfluxSetupException name = assertThrows(InfluxSetupException.class,
                () -> QueryResponses.retentionPolicy(numberName, SHOW_POLICIES, "fintrans_recent"));
        InfluxSetupException isDefault = assertThrows(InfluxSetupException.class,
                () -> QueryResponses.retentionPolicy(textDefault, SHOW_POLICIES, "fintrans_recent"));
        InfluxSetupException duration = assertThrows(InfluxSetupException.class,
                () -> QueryResponses.retentionPolicy(nullDuration, SHOW_POLICIES, "fintrans_recent"));

        assertTrue(name.getMessage().contains("column name"), name.getMessage());
        assertTrue(isDefault.getMessage().contains("column default"), isDefault.getMessage());
        assertTrue(duration.getMessage().contains("null in the column duration"), duration.getMessage());
    }
}
