package fintrans.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.influxdb.dto.QueryResult;

/**
 * Reads the responses to the InfluxQL statements the ingester runs. Each response comes from outside, so
 * a missing result, series or column raises an {@link InfluxSetupException} naming the statement.
 */
final class QueryResponses {

    /** A row of {@code SHOW RETENTION POLICIES}; {@code duration} is as InfluxDB shows it, such as {@code 1h0m0s}. */
    record RetentionPolicyRow(String name, String duration, String shardGroupDuration, boolean isDefault) {
    }

    private QueryResponses() {
    }

    /**
     * Returns the only result in the response to {@code statement}.
     *
     * @throws InfluxSetupException when the response or the result contains an error, or contains no result
     */
    static QueryResult.Result singleResult(QueryResult response, String statement) {
        if (response == null) {
            throw new InfluxSetupException("InfluxDB sent no response to '" + statement + "'");
        }
        if (response.hasError()) {
            throw new InfluxSetupException("InfluxDB rejected '" + statement + "': " + InfluxErrors.clean(response.getError()));
        }
        List<QueryResult.Result> results = response.getResults();
        if (results == null || results.isEmpty() || results.get(0) == null) {
            throw new InfluxSetupException("InfluxDB sent a response without a result to '" + statement + "'");
        }
        QueryResult.Result result = results.get(0);
        if (result.hasError()) {
            throw new InfluxSetupException("InfluxDB rejected '" + statement + "': " + InfluxErrors.clean(result.getError()));
        }
        return result;
    }

    /** Reads the database names from the response to {@code SHOW DATABASES}. */
    static List<String> databaseNames(QueryResult response, String statement) {
        List<String> names = new ArrayList<>();
        for (List<Object> row : rows(singleResult(response, statement), statement, List.of("name"))) {
            names.add(text(row.get(0), "name", statement));
        }
        return names;
    }

    /** Finds the retention policy {@code name} in the response to {@code SHOW RETENTION POLICIES}. */
    static Optional<RetentionPolicyRow> retentionPolicy(QueryResult response, String statement, String name) {
        List<String> columns = List.of("name", "duration", "shardGroupDuration", "default");
        for (List<Object> row : rows(singleResult(response, statement), statement, columns)) {
            if (!name.equals(text(row.get(0), "name", statement))) {
                continue;
            }
            Object isDefault = row.get(3);
            if (!(isDefault instanceof Boolean)) {
                throw new InfluxSetupException("InfluxDB returned " + describe(isDefault) + " in the column default of '"
                        + statement + "'; expected true or false");
            }
            return Optional.of(new RetentionPolicyRow(name, text(row.get(1), "duration", statement),
                    text(row.get(2), "shardGroupDuration", statement), (Boolean) isDefault));
        }
        return Optional.empty();
    }

    /**
     * Returns the rows of the result's first series with only the {@code expected} columns, in that order.
     * A result without a series or without values has no rows, which is how InfluxDB sends an empty list.
     */
    private static List<List<Object>> rows(QueryResult.Result result, String statement, List<String> expected) {
        List<QueryResult.Series> series = result.getSeries();
        if (series == null || series.isEmpty() || series.get(0) == null) {
            return List.of();
        }
        QueryResult.Series first = series.get(0);
        List<String> columns = first.getColumns();
        if (columns == null || !columns.containsAll(expected)) {
            throw new InfluxSetupException("InfluxDB returned the columns " + columns + " for '" + statement
                    + "'; expected at least " + expected);
        }
        List<List<Object>> values = first.getValues();
        if (values == null) {
            return List.of();
        }
        List<List<Object>> rows = new ArrayList<>(values.size());
        for (List<Object> row : values) {
            if (row == null || row.size() != columns.size()) {
                throw new InfluxSetupException("InfluxDB returned the row " + row + " for '" + statement
                        + "', which does not match the columns " + columns);
            }
            List<Object> picked = new ArrayList<>(expected.size());
            for (String column : expected) {
                picked.add(row.get(columns.indexOf(column)));
            }
            rows.add(picked);
        }
        return rows;
    }

    private static String text(Object value, String column, String statement) {
        if (!(value instanceof String text)) {
            throw new InfluxSetupException("InfluxDB returned " + describe(value) + " in the column " + column
                    + " of '" + statement + "'; expected a string");
        }
        return text;
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " " + InfluxErrors.clean(value.toString());
    }
}
