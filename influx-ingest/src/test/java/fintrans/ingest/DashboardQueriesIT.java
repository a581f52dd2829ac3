package fintrans.ingest;

import static fintrans.ingest.IngestTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import fintrans.common.City;
import fintrans.common.Transaction;
import fintrans.common.alert.AlertJson;
import fintrans.common.alert.AlertRecord;
import fintrans.common.alert.AlertRecord.Rule;
import fintrans.common.alert.AlertRecord.Trigger;
import fintrans.localservers.LocalInfluxDb;
import fintrans.localservers.LocalKafka;

/**
 * Runs every query of {@code grafana-dashboard.json} the way Grafana would for the dashboard's range, the
 * last hour, with a group-by interval of 10 s, against data that the real ingester wrote into a real
 * InfluxDB, and checks the exact numbers. Transactions and alerts lie in known 10 s intervals about 20
 * minutes ago. One transaction and one alert lie 10 minutes in the future, outside the range, so they
 * must not count.
 */
class DashboardQueriesIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final String DATABASE = "dashboard";
    private static final String VOLUME = "Transaction volume per city";
    private static final String AVERAGE = "Average transaction amount per city";
    private static final String RATE = "Transactions per second per city";
    private static final String ALERTS = "Recent alerts";

    @TempDir
    static Path tempDir;

    private static LocalKafka kafka;
    private static LocalInfluxDb influx;
    /** Amounts in cents of the transactions within the range, per city and start of their 10 s interval. */
    private static final Map<String, Map<Long, List<Long>>> amounts = new TreeMap<>();
    /** Alerts within the range, by the offset of their record in partition 0 of the alerts topic. */
    private static final Map<Long, AlertRecord> alerts = new TreeMap<>();

    @BeforeAll
    static void ingestKnownData() throws Exception {
        kafka = LocalKafka.startOnFreePorts(tempDir);
        influx = LocalInfluxDb.startOnFreePorts(tempDir);
        IngestTesting.createCityTopics(kafka);
        IngestTesting.createAlertsTopic(kafka, 1);

        long now = System.currentTimeMillis();
        long firstInterval = (now - Duration.ofMinutes(20).toMillis()) / INTERVAL.toMillis() * INTERVAL.toMillis();
        long future = now + Duration.ofMinutes(10).toMillis();
        int points;
        try (KafkaProducer<String, byte[]> producer = IngestTesting.producer(kafka)) {
            points = sendTransactions(producer, firstInterval, future);
            points += sendAlerts(producer, firstInterval, future);
        }

        int expectedPoints = points;
        IngestTesting.Running running = IngestTesting.startIngester(kafka, influx, DATABASE, "dashboard", 500);
        try {
            await(TIMEOUT, () -> running.ingester().counters().pointsWritten() == expectedPoints,
                    () -> "points written: " + running.ingester().counters().pointsWritten() + " of " + expectedPoints);
        } finally {
            running.stop();
        }
    }

    /**
     * Sends 1 to 3 transactions per city into each of three consecutive intervals, except none for Tokyo in
     * the second, and one London transaction at {@code future}. Returns the number sent.
     */
    private static int sendTransactions(KafkaProducer<String, byte[]> producer, long firstInterval, long future)
            throws Exception {
        int sent = 0;
        for (int c = 0; c < City.all().size(); c++) {
            City city = City.all().get(c);
            for (int k = 0; k < 3; k++) {
                if (city == City.TOKYO && k == 1) {
                    continue;
                }
                long intervalStart = firstInterval + k * INTERVAL.toMillis();
                int count = 1 + (c + k) % 3;
                for (int i = 0; i < count; i++) {
                    long cents = 100_007 + c * 1_001 + k * 257 + i * 33;
                    IngestTesting.send(producer, new Transaction(city, "s" + c + k + i, "t" + i, cents), i % 3,
                            intervalStart + 1_000 + i * 7 + c);
                    amounts.computeIfAbsent(city.topic(), topic -> new TreeMap<>())
                            .computeIfAbsent(intervalStart, start -> new ArrayList<>()).add(cents);
                    sent++;
                }
            }
        }
        IngestTesting.send(producer, new Transaction(City.LONDON, "later", "x", 99_999_999), 0, future);
        return sent + 1;
    }

    /** Sends three alerts in the second interval and one at {@code future}. Returns the number sent. */
    private static int sendAlerts(KafkaProducer<String, byte[]> producer, long firstInterval, long future)
            throws Exception {
        long base = firstInterval + INTERVAL.toMillis() + 5_000;
        List<AlertRecord> inRange = List.of(
                alert(Rule.PAIR_TOTAL, "a1", "b1", 812_345, 2, base),
                alert(Rule.STRUCTURING, "s2", null, 2_700_050, 3, base + 1_000),
                alert(Rule.PAIR_TOTAL, "a3", "b3", 1_000_001, 5, base + 2_000));
        for (AlertRecord alert : inRange) {
            alerts.put(sendAlert(producer, alert), alert);
        }
        sendAlert(producer, alert(Rule.PAIR_TOTAL, "later", "x", 5_000_000, 2, future));
        return inRange.size() + 1;
    }

    private static AlertRecord alert(Rule rule, String source, String target, long totalCents, int count,
            long windowEndMillis) {
        Instant windowEnd = Instant.ofEpochMilli(windowEndMillis);
        return new AlertRecord(rule, source, target, totalCents, count, 800_000, null, windowEnd,
                windowEnd.plusMillis(2), new Trigger("London", 0, windowEndMillis % 1_000, windowEnd));
    }

    /** Sends {@code alert} to partition 0 of the alerts topic and returns its offset. */
    private static long sendAlert(KafkaProducer<String, byte[]> producer, AlertRecord alert) throws Exception {
        return producer.send(new ProducerRecord<>(IngestTesting.ALERTS_TOPIC, 0, alert.windowEnd().toEpochMilli(),
                alert.source(), AlertJson.write(alert))).get().offset();
    }

    @AfterAll
    static void stopServers() {
        if (influx != null) {
            influx.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyPanelIsChecked() throws Exception {
        Set<String> titles = new TreeSet<>();
        for (JsonNode panel : GrafanaDashboard.panels(GrafanaDashboard.dashboard())) {
            titles.add(panel.path("title").asText());
            assertEquals(1, panel.path("targets").size(), panel.path("title") + " has one query");
        }

        assertEquals(new TreeSet<>(List.of(VOLUME, AVERAGE, RATE, ALERTS)), titles);
    }

    @Test
    void volumePanelShowsDollarsPerCity() throws Exception {
        JsonNode series = runPanelQuery(VOLUME);

        Map<String, Double> expected = new TreeMap<>();
        amounts.forEach((city, intervals) -> expected.put(city,
                intervals.values().stream().flatMap(List::stream).mapToLong(Long::longValue).sum() / 100.0));
        Map<String, Double> actual = new TreeMap<>();
        for (JsonNode city : series) {
            assertEquals(1, city.path("values").size(), "one number per city: " + city);
            actual.put(city.path("tags").path("city").asText(), city.path("values").path(0).path(1).asDouble());
        }
        assertEquals(expected, actual);
    }

    @Test
    void averagePanelShowsMeanDollarsPerInterval() throws Exception {
        JsonNode series = runPanelQuery(AVERAGE);

        Map<String, Map<Long, Double>> expected = new TreeMap<>();
        amounts.forEach((city, intervals) -> intervals.forEach((start, cents) -> {
            double meanCents = (double) cents.stream().mapToLong(Long::longValue).sum() / cents.size();
            expected.computeIfAbsent(city, key -> new TreeMap<>()).put(start, meanCents / 100);
        }));
        assertEquals(expected, valuesPerCity(series));
    }

    @Test
    void ratePanelShowsTransactionsPerSecond() throws Exception {
        JsonNode series = runPanelQuery(RATE);

        Map<String, Map<Long, Double>> expected = new TreeMap<>();
        amounts.forEach((city, intervals) -> intervals.forEach((start, cents) -> expected
                .computeIfAbsent(city, key -> new TreeMap<>())
                .put(start, cents.size() * 1000 / (double) INTERVAL.toMillis())));
        Map<String, Map<Long, Double>> nonZero = new TreeMap<>();
        valuesPerCity(series).forEach((city, values) -> values.forEach((start, rate) -> {
            if (rate != 0) {
                nonZero.computeIfAbsent(city, key -> new TreeMap<>()).put(start, rate);
            }
        }));
        assertEquals(expected, nonZero);

        long tokyoGap = amounts.get("London").keySet().stream().sorted().toList().get(1);
        assertEquals(0.0, valuesPerCity(series).get("Tokyo").get(tokyoGap), "fill(0) for Tokyo's empty interval");
        int intervalsInHour = (int) (Duration.ofHours(1).toMillis() / INTERVAL.toMillis());
        for (JsonNode city : series) {
            int rows = city.path("values").size();
            assertTrue(rows >= intervalsInHour, "one row per interval of the hour: " + rows);
            assertTrue(rows <= intervalsInHour + 1, "one row per interval of the hour: " + rows);
        }
    }

    @Test
    void alertPanelListsNewestAlertsFirst() throws Exception {
        JsonNode series = runPanelQuery(ALERTS);

        assertEquals(1, series.size(), series.toString());
        assertEquals("[\"time\",\"rule\",\"source\",\"target\",\"total\",\"count\"]",
                series.path(0).path("columns").toString());
        List<List<Object>> expected = new ArrayList<>();
        alerts.forEach((offset, alert) -> expected.add(0, List.of(AlertPoints.timeNanos(alert, 0, offset),
                alert.rule().id(), alert.source(), alert.target() == null ? "" : alert.target(),
                alert.totalCents() / 100.0, (long) alert.count())));
        List<List<Object>> actual = new ArrayList<>();
        for (JsonNode row : series.path(0).path("values")) {
            actual.add(List.of(epochNanos(row.path(0).asText()), row.path(1).asText(), row.path(2).asText(),
                    row.path(3).asText(), row.path(4).asDouble(), row.path(5).asLong()));
        }
        assertEquals(expected, actual);
    }

    /**
     * Expands the macros of the panel's query for the range from one hour ago to now, as Grafana renders it,
     * runs the query, and returns the series of the response.
     */
    private static JsonNode runPanelQuery(String title) throws Exception {
        JsonNode panel = null;
        for (JsonNode candidate : GrafanaDashboard.panels(GrafanaDashboard.dashboard())) {
            if (candidate.path("title").asText().equals(title)) {
                panel = candidate;
            }
        }
        assertTrue(panel != null, "no panel titled " + title);

        long to = System.currentTimeMillis();
        long from = to - Duration.ofHours(1).toMillis();
        String query = GrafanaDashboard.expandMacros(panel.path("targets").path(0).path("query").asText(), from, to,
                INTERVAL);
        JsonNode response = IngestTesting.queryJson(influx, DATABASE, query);
        JsonNode result = response.path("results").path(0);
        assertTrue(!result.has("error"), query + " failed: " + response);
        return result.path("series");
    }

    /** Reads a time series response grouped by city: city, then interval start in milliseconds, then value. */
    private static Map<String, Map<Long, Double>> valuesPerCity(JsonNode series) {
        Map<String, Map<Long, Double>> values = new TreeMap<>();
        for (JsonNode city : series) {
            Map<Long, Double> rows = values.computeIfAbsent(city.path("tags").path("city").asText(), key -> new TreeMap<>());
            for (JsonNode row : city.path("values")) {
                rows.put(Instant.parse(row.path(0).asText()).toEpochMilli(), row.path(1).asDouble());
            }
        }
        return values;
    }

    private static long epochNanos(String rfc3339) {
        Instant time = Instant.parse(rfc3339);
        return time.getEpochSecond() * 1_000_000_000L + time.getNano();
    }
}
