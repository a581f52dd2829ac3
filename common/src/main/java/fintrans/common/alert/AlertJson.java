package fintrans.common.alert;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import fintrans.common.Amounts;
import fintrans.common.alert.AlertRecord.Rule;
import fintrans.common.alert.AlertRecord.Trigger;

/**
 * The JSON form of an {@link AlertRecord}. Amounts appear twice: exact cents as integers
 * ({@code totalCents}) and dollars as decimal numbers ({@code total}) for people and dashboards; times
 * are ISO-8601 UTC strings. Example:
 *
 * <pre>{@code
 * {"rule":"structuring","source":"516","target":null,"total":27000.5,"totalCents":2700050,"count":3,
 *  "limit":10000,"limitCents":1000000,"windowStart":"2026-12-03T10:00:00Z","windowEnd":"2026-12-04T10:00:00Z",
 *  "detectedAt":"2026-12-04T10:00:00.120Z",
 *  "trigger":{"topic":"London","partition":3,"offset":1234,"timestamp":"2026-12-04T10:00:00Z"}}
 * }</pre>
 *
 * <p>Reading is strict: a missing or mistyped field raises an {@link IllegalArgumentException} that
 * names it, because alerts feed case management.
 */
public final class AlertJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertJson() {
    }

    public static byte[] write(AlertRecord alert) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("rule", alert.rule().id());
        json.put("source", alert.source());
        json.put("target", alert.target());
        json.put("total", dollars(alert.totalCents()));
        json.put("totalCents", alert.totalCents());
        json.put("count", alert.count());
        json.put("limit", dollars(alert.limitCents()));
        json.put("limitCents", alert.limitCents());
        json.put("windowStart", alert.windowStart() == null ? null : alert.windowStart().toString());
        json.put("windowEnd", alert.windowEnd().toString());
        json.put("detectedAt", alert.detectedAt().toString());
        ObjectNode trigger = json.putObject("trigger");
        trigger.put("topic", alert.trigger().topic());
        trigger.put("partition", alert.trigger().partition());
        trigger.put("offset", alert.trigger().offset());
        trigger.put("timestamp", alert.trigger().timestamp().toString());
        try {
            return MAPPER.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write alert JSON", e);
        }
    }

    /**
     * Reads an alert.
     *
     * @throws IllegalArgumentException when the value is not JSON or a field is missing or invalid
     */
    public static AlertRecord read(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("invalid alert: the record value is null");
        }
        JsonNode json;
        try {
            json = MAPPER.readTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid alert: not JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid alert: cannot read the value (" + e.getMessage() + ")");
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("invalid alert: expected a JSON object");
        }
        JsonNode trigger = json.path("trigger");
        try {
            return new AlertRecord(
                    Rule.fromId(text(json, "rule")),
                    text(json, "source"),
                    json.path("target").isTextual() ? json.get("target").asText() : null,
                    integer(json, "totalCents"),
                    (int) integer(json, "count"),
                    integer(json, "limitCents"),
                    json.path("windowStart").isTextual() ? instant(json, "windowStart") : null,
                    instant(json, "windowEnd"),
                    instant(json, "detectedAt"),
                    new Trigger(text(trigger, "topic"), (int) integer(trigger, "partition"), integer(trigger, "offset"),
                            instant(trigger, "timestamp")));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("invalid alert: " + e.getMessage(), e);
        }
    }

    private static BigDecimal dollars(long cents) {
        return new BigDecimal(Amounts.formatDollars(cents));
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.path(field);
        if (!node.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not a string");
        }
        return node.asText();
    }

    private static long integer(JsonNode json, String field) {
        JsonNode node = json.path(field);
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not an integer");
        }
        return node.asLong();
    }

    private static Instant instant(JsonNode json, String field) {
        String text = text(json, field);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field '" + field + "' is not an ISO-8601 instant: " + text);
        }
    }
}
