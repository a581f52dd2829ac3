package fintrans.localservers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.clients.admin.Admin;

import fintrans.common.City;
import fintrans.common.cli.CommandLines;
import fintrans.common.kafka.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs a local Kafka broker and a local InfluxDB until it receives SIGTERM or SIGINT, for the local run
 * of the whole pipeline. Both listen on 127.0.0.1 only and keep their data under {@code --data-dir}.
 */
@Command(name = "fintrans-local-servers", mixinStandardHelpOptions = true,
        description = "Runs a real Kafka broker (KRaft) and a real InfluxDB 1.x on 127.0.0.1 until stopped.")
public final class LocalServersMain implements Callable<Integer> {

    @Option(names = "--data-dir", required = true, description = "Folder for the Kafka log and the InfluxDB data.")
    private Path dataDir;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka broker port. Default: ${DEFAULT-VALUE}.")
    private int kafkaPort;

    @Option(names = "--kafka-controller-port", defaultValue = "9093",
            description = "Kafka KRaft controller port. Default: ${DEFAULT-VALUE}.")
    private int kafkaControllerPort;

    @Option(names = "--influx-port", defaultValue = "8086", description = "InfluxDB HTTP API port. Default: ${DEFAULT-VALUE}.")
    private int influxPort;

    @Option(names = "--influx-rpc-port", defaultValue = "8088",
            description = "InfluxDB backup and restore port. Default: ${DEFAULT-VALUE}.")
    private int influxRpcPort;

    @Option(names = "--partitions", defaultValue = "6",
            description = "Partitions of each city topic created when missing. Default: ${DEFAULT-VALUE}.")
    private int partitions;

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new LocalServersMain(), args));
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(dataDir);
        CountDownLatch stopped = new CountDownLatch(1);

        LocalKafka kafka = LocalKafka.start(dataDir.resolve("kafka"), kafkaPort, kafkaControllerPort);
        LocalInfluxDb influx;
        try {
            influx = LocalInfluxDb.start(dataDir.resolve("influxdb"), influxPort, influxRpcPort);
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            influx.close();
            deleteQuietly(dataDir.resolve("influxd.pid"));
            kafka.close();
            stopped.countDown();
        }, "local-servers-shutdown"));

        Files.writeString(dataDir.resolve("influxd.pid"), Long.toString(influx.pid()));
        createCityTopics(kafka);

        System.out.println("Kafka broker: " + kafka.bootstrapServers() + " (log in " + kafka.logDir() + ")");
        System.out.println("InfluxDB: " + influx.url() + " (pid " + influx.pid() + ", data in " + influx.dataDir() + ")");
        System.out.println("READY");
        System.out.flush();

        stopped.await();
        return 0;
    }

    private void createCityTopics(LocalKafka kafka) throws Exception {
        try (Admin admin = kafka.admin()) {
            Topics.createMissing(admin, City.topics(), partitions, Optional.empty(), Duration.ofSeconds(30));
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // The pid file is only a hint for the run script.
        }
    }
}
