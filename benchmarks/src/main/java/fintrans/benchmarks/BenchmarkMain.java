package fintrans.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

import fintrans.common.City;
import fintrans.common.cli.CommandLines;
import fintrans.localservers.LocalInfluxDb;
import fintrans.localservers.LocalKafka;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Starts a local Kafka broker and InfluxDB, measures the throughput and latency figures, and prints a
 * summary with the machine's cores and memory. The service jars must be built first.
 */
@Command(name = "fintrans-benchmarks", mixinStandardHelpOptions = true,
        description = "Measures the generator, detector and ingester against Kafka's and InfluxDB's own clients "
                + "on a local Kafka broker and InfluxDB, in alternating rounds.")
public final class BenchmarkMain implements Callable<Integer> {

    /** The figures, in the order they run. */
    enum Figure { GENERATOR, DETECTOR, INGEST, LATENCY }

    @Option(names = "--project-root", defaultValue = ".",
            description = "Folder with the built modules, such as generator/target. Default: ${DEFAULT-VALUE}.")
    private Path projectRoot;

    @Option(names = "--work-dir", required = true,
            description = "Folder for the broker's log, InfluxDB's data and every process's output; emptied first.")
    private Path workDir;

    @Option(names = "--summary-file", description = "Also write the summary to this file.")
    private Path summaryFile;

    @Option(names = "--figures", split = ",", defaultValue = "GENERATOR,DETECTOR,INGEST,LATENCY",
            description = "Figures to measure, separated by commas: ${COMPLETION-CANDIDATES}. Default: all.")
    private Set<Figure> figures = EnumSet.allOf(Figure.class);

    @Option(names = "--rounds", defaultValue = "5",
            description = "Rounds of each throughput figure; each round runs ours, then the reference. Default: ${DEFAULT-VALUE}.")
    private int rounds;

    @Option(names = "--producer-records", defaultValue = "2000000",
            description = "Records per run of the generator figure. Default: ${DEFAULT-VALUE}.")
    private long producerRecords;

    @Option(names = "--consumer-records", defaultValue = "1000000",
            description = "Records pre-filled for the detector and ingest figures. Default: ${DEFAULT-VALUE}.")
    private long consumerRecords;

    @Option(names = "--latency-seconds", defaultValue = "45",
            description = "Seconds the generator runs for the alert latency figure. Default: ${DEFAULT-VALUE}.")
    private int latencySeconds;

    @Option(names = "--latency-warmup-seconds", defaultValue = "10",
            description = "Seconds at the start of the alert latency run whose alerts are reported apart, as warm-up. "
                    + "Default: ${DEFAULT-VALUE}.")
    private int latencyWarmupSeconds;

    @Option(names = "--latency-rate", defaultValue = "10000",
            description = "Generator transactions per second for the alert latency figure. Default: ${DEFAULT-VALUE}.")
    private int latencyRate;

    @Option(names = "--latency-scenarios-per-minute", defaultValue = "12",
            description = "Laundering scenarios per minute for the alert latency figure. Default: ${DEFAULT-VALUE}.")
    private double latencyScenariosPerMinute;

    @Option(names = "--child-jvm-option", defaultValue = "-Xmx1g",
            description = "An option of every child JVM, ours and the references; repeat for more. Default: ${DEFAULT-VALUE}.")
    private List<String> childJvmOptions;

    @Option(names = "--service-jvm-option",
            description = "A further option of our services' JVMs only, such as "
                    + "-XX:StartFlightRecording:filename=%n.jfr, where %n becomes the run's name; repeat for more.")
    private List<String> serviceJvmOptions = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new BenchmarkMain(), args));
    }

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || producerRecords < 10_000 || consumerRecords < 10_000 || latencySeconds < 1 || latencyRate < 1
                || latencyWarmupSeconds < 0 || latencyWarmupSeconds >= latencySeconds) {
            System.err.println("error: --rounds, --latency-seconds and --latency-rate must be 1 or more, "
                    + "--producer-records and --consumer-records 10000 or more, and --latency-warmup-seconds 0 or more "
                    + "and less than --latency-seconds");
            return 2;
        }
        Files.createDirectories(workDir);
        Path logDir = workDir.resolve("logs");
        Files.createDirectories(logDir);
        List<String> summary = new ArrayList<>();
        summary.add(machineLine());

        Progress.line("starting Kafka and InfluxDB on 127.0.0.1 in %s", workDir);
        try (LocalKafka kafka = LocalKafka.startOnFreePorts(workDir);
                LocalInfluxDb influx = LocalInfluxDb.startOnFreePorts(workDir);
                KafkaProbe probe = new KafkaProbe(kafka.bootstrapServers())) {
            BenchmarkContext context = new BenchmarkContext(kafka.bootstrapServers(), influx, probe,
                    projectRoot.toAbsolutePath().normalize(), logDir, childJvmOptions, serviceJvmOptions);
            List<PairedFigure> paired = new ArrayList<>();
            if (figures.contains(Figure.GENERATOR)) {
                Progress.line("figure 1: generator vs ProducerPerformance, %,d records per run, %d rounds", producerRecords, rounds);
                paired.add(new GeneratorFigure(context, producerRecords, rounds).run());
            }
            if (figures.contains(Figure.DETECTOR) || figures.contains(Figure.INGEST)) {
                prefill(context);
            }
            if (figures.contains(Figure.DETECTOR)) {
                Progress.line("figure 2: detector vs ConsumerPerformance, %,d records per run, %d rounds", consumerRecords, rounds);
                paired.add(new DetectorFigure(context, consumerRecords, rounds).run());
            }
            if (figures.contains(Figure.INGEST)) {
                Progress.line("figure 3: ingester vs line protocol POSTs, %,d points per run, %d rounds", consumerRecords, rounds);
                paired.add(new IngestFigure(context, consumerRecords, rounds).run());
            }
            for (PairedFigure figure : paired) {
                summary.add(figure.summaryLine());
            }
            if (figures.contains(Figure.LATENCY)) {
                Progress.line("figure 4: alert latency");
                LatencyFigure.Result latency = new LatencyFigure(context, latencySeconds, latencyWarmupSeconds,
                        latencyRate, latencyScenariosPerMinute).run();
                summary.add(latency.summaryLine());
                summary.add(latency.receivedLine());
                summary.add(latency.warmupLine());
            }
            for (PairedFigure figure : paired) {
                summary.add(figure.roundsLine());
            }
        }

        System.out.println();
        System.out.println("==== fintrans benchmark summary ====");
        summary.forEach(System.out::println);
        if (summaryFile != null) {
            Files.write(summaryFile, summary, StandardCharsets.UTF_8);
        }
        return 0;
    }

    /** Fills empty city topics with {@link #consumerRecords} generator records for figures 2 and 3. */
    private void prefill(BenchmarkContext context) throws Exception {
        Progress.line("pre-filling the city topics with %,d generator records", consumerRecords);
        context.probe().recreateTopics(City.topics(), 6);
        List<String> args = List.of("--broker", context.bootstrapServers(), "--rate", "max",
                "--count", Long.toString(consumerRecords), "--seed", "42", "--stats-interval", "5");
        try (ChildProcess generator = context.startService("prefill-generator", "generator", "fintrans-generator", args)) {
            int exitCode = generator.awaitExit(BenchmarkContext.RUN_TIMEOUT);
            if (exitCode != 0) {
                throw new IllegalStateException("The pre-fill generator exited with " + exitCode + "; see " + context.logDir());
            }
        }
        long written = context.probe().endOffsetSum(City.topics());
        if (written != consumerRecords) {
            throw new IllegalStateException("The city topics hold " + written + " records instead of " + consumerRecords);
        }
    }

    /** Describes the run: the date, the cores and memory of this machine, and the JDK. */
    private static String machineLine() throws IOException {
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        long memoryKiB = 0;
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                memoryKiB = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return String.format(Locale.ROOT, "%s, %d cores, %.1f GiB memory, %s %s", date,
                Runtime.getRuntime().availableProcessors(), memoryKiB / 1024.0 / 1024.0,
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"));
    }
}
