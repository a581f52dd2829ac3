package fintrans.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import fintrans.common.City;
import fintrans.common.Transaction;
import fintrans.common.TransactionCodec;

/**
 * Figure 3: the InfluxDB ingester draining the pre-filled city topics, against the same points written
 * as line protocol, 5,000 points per POST to {@code /write}, one request after the other, with Java's
 * HTTP client.
 *
 * <p>Each run writes into a new database with the ingester's retention policy, which is dropped
 * afterwards. The ingester's time runs from starting its JVM until its group's committed offsets, which
 * it commits only after InfluxDB has accepted the points, add up to all records. The reference's time
 * covers only its requests: its request bodies are built from the topics before the clock starts.
 */
final class IngestFigure {
    private static final int POINTS_PER_REQUEST = 5000;
    /** The ingester's retention policy (InfluxTarget.RETENTION_POLICY) at its default duration. */
    private static final String RETENTION_POLICY = "fintrans_recent";
    private static final Pattern COUNT = Pattern.compile("\"values\":\\[\\[\"[^\"]*\",(\\d+)\\]\\]");

    private final BenchmarkContext context;
    private final long records;
    private final int rounds;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    IngestFigure(BenchmarkContext context, long records, int rounds) {
        this.context = context;
        this.records = records;
        this.rounds = rounds;
    }

    PairedFigure run() throws Exception {
        List<byte[]> bodies = buildRequestBodies();
        PairedFigure figure = new PairedFigure("ingest", "line protocol POSTs", 0.8);
        for (int round = 1; round <= rounds; round++) {
            double ours = runIngester(round);
            double reference = runReference(round, bodies);
            figure.addRound(ours, reference);
            Progress.line("ingest round %d/%d: ingester %,.0f points/s, line protocol POSTs %,.0f points/s (%.2f)",
                    round, rounds, ours, reference, ours / reference);
        }
        return figure;
    }

    private double runIngester(int round) throws Exception {
        String group = "bench-ingest-" + round;
        String database = "bench_ingest_" + round;
        List<String> args = List.of("--broker", context.bootstrapServers(), "--group", group,
                "--influx-url", context.influx().url(), "--database", database, "--alerts-topic=",
                "--stats-interval", "5");
        try (ChildProcess ingester = context.startService("ingest-" + round, "influx-ingest", "fintrans-influx-ingest",
                args)) {
            long doneNanos = BenchmarkContext.awaitProgress(
                    () -> context.probe().committedSum(group, City.topics()), records, ingester);
            double perSecond = records / ((doneNanos - ingester.startNanos()) / 1e9);
            ingester.stop(Duration.ofSeconds(30));
            requirePoints(database);
            return perSecond;
        }
    }

    private double runReference(int round, List<byte[]> bodies) throws Exception {
        String database = "bench_reference_" + round;
        context.influx().query(null, "CREATE DATABASE \"" + database + "\"");
        context.influx().query(null, "CREATE RETENTION POLICY \"" + RETENTION_POLICY + "\" ON \"" + database
                + "\" DURATION 1h REPLICATION 1 DEFAULT");
        URI uri = URI.create(context.influx().url() + "/write?db=" + database + "&rp=" + RETENTION_POLICY + "&precision=ns");

        long startNanos = System.nanoTime();
        for (byte[] body : bodies) {
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 204) {
                throw new IllegalStateException("InfluxDB rejected a write to " + database + " with HTTP "
                        + response.statusCode() + ": " + response.body());
            }
        }
        double perSecond = records / ((System.nanoTime() - startNanos) / 1e9);
        requirePoints(database);
        return perSecond;
    }

    /** Checks that {@code database} contains one point per record, then drops it to free InfluxDB's memory. */
    private void requirePoints(String database) {
        String response = context.influx().query(database, "SELECT count(amount) FROM transactions");
        Matcher matcher = COUNT.matcher(response);
        long points = matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
        context.influx().query(null, "DROP DATABASE \"" + database + "\"");
        if (points != records) {
            throw new IllegalStateException("Database " + database + " contains " + points + " points instead of " + records
                    + ": " + response);
        }
    }

    /**
     * Reads the city topics and builds the ingester's points as line protocol, in bodies of
     * {@value #POINTS_PER_REQUEST} points. The point time follows the ingester's rule: the record
     * timestamp in nanoseconds plus {@code (partition % 1000) * 1000 + offset % 1000}.
     */
    private List<byte[]> buildRequestBodies() throws IOException {
        List<byte[]> bodies = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int[] pointsInBody = {0};
        long read = TopicContentReader.read(context.bootstrapServers(), context.probe().partitions(City.topics()),
                Long.MAX_VALUE, record -> {
                    body.writeBytes(lineOf(record).getBytes(StandardCharsets.UTF_8));
                    if (++pointsInBody[0] == POINTS_PER_REQUEST) {
                        bodies.add(body.toByteArray());
                        body.reset();
                        pointsInBody[0] = 0;
                    }
                });
        if (pointsInBody[0] > 0) {
            bodies.add(body.toByteArray());
        }
        if (read != records) {
            throw new IllegalStateException("The city topics hold " + read + " records instead of " + records);
        }
        Progress.line("built %d line protocol requests of up to %d points for the ingest reference", bodies.size(),
                POINTS_PER_REQUEST);
        return bodies;
    }

    private static String lineOf(ConsumerRecord<byte[], byte[]> record) {
        City city = City.fromTopic(record.topic()).orElseThrow();
        Transaction transaction = TransactionCodec.decode(city, record.value());
        long timeNanos = record.timestamp() * 1_000_000 + (record.partition() % 1000) * 1000L + record.offset() % 1000;
        // Account ids hold only letters, digits, '-' and '_', so the string fields need no escaping.
        return "transactions,city=" + city.topic() + " amount=" + transaction.amountCents() + "i,source=\""
                + transaction.source() + "\",target=\"" + transaction.target() + "\" " + timeNanos + "\n";
    }
}
