package fintrans.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fintrans.common.City;
import fintrans.common.TransactionCodec;
import fintrans.localservers.LocalKafka;
import fintrans.localservers.TopicContents;

/**
 * Runs the generator image that the verify phase writes, with podman, against a real broker on
 * 127.0.0.1. The image needs a base with a JRE, such as the one scripts/build-jre-base.sh builds and
 * mvn verify -Dimage.test.base=tar://PATH selects. On the default base, scratch, the image has no java,
 * so the tests are skipped, as they are when podman or runc is missing.
 */
class ContainerRunIT {
    private static final Path ROOT = Path.of(System.getProperty("fintrans.root", ".."));
    private static final Path GENERATOR_IMAGE = ROOT.resolve("generator/target/generator-image.tar");
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** The image's user, which the root pom sets with image.user. */
    private static final String IMAGE_USER = "65532";
    private static final Pattern STOPPED_LINE =
            Pattern.compile("Generator stopped: (\\d+) generated, (\\d+) sent, (\\d+) failed");
    /**
     * Container options: the broker listens on the host's 127.0.0.1, so the container shares the host's
     * network. podman raises the open-files limit to 1048576 by default, which fails where the process
     * may not raise its own limits ("error setting rlimit type 7: operation not permitted"); 1024 is ample
     * for one producer.
     */
    private static final List<String> RUN_OPTIONS = List.of("--network", "host",
            "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024");

    @TempDir
    static Path tempDir;
    /** The reason the tests cannot run here, or empty when they can. Checked before each test, so that each is skipped. */
    static Optional<String> skipReason;
    static Podman podman;
    static String image;
    static LocalKafka kafka;

    @BeforeAll
    static void loadImageAndStartBroker() throws Exception {
        skipReason = findSkipReason();
        if (skipReason.isPresent()) {
            return;
        }
        podman = Podman.inFolder(tempDir.resolve("podman"));
        image = podman.load(GENERATOR_IMAGE);
        kafka = LocalKafka.startOnFreePorts(tempDir);
    }

    @BeforeEach
    void requireRunnableImage() {
        assumeTrue(skipReason.isEmpty(), () -> skipReason.orElseThrow());
    }

    @AfterAll
    static void stopBrokerAndRemoveImages() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
        if (podman != null) {
            podman.close();
        }
    }

    @Test
    void generatorImageSendsCountedTransactionsAsNonRoot() throws Exception {
        long before = countRecords();
        String container = startGenerator("--count", "300", "--rate", "60", "--seed", "7");
        try {
            assertEquals(IMAGE_USER + " " + IMAGE_USER, awaitProcessUser(container), "user and group of the java process");

            assertEquals(0, awaitExit(container), () -> logs(container));

            List<ConsumerRecord<String, byte[]>> records = TopicContents.readAll(kafka.bootstrapServers(),
                    City.topics(), TIMEOUT);
            assertEquals(before + 300, records.size(), "records in the city topics");
            Map<String, Long> perTopic = records.stream()
                    .collect(Collectors.groupingBy(ConsumerRecord::topic, TreeMap::new, Collectors.counting()));
            assertEquals(Set.copyOf(City.topics()), perTopic.keySet(), "topics with transactions: " + perTopic);
            for (ConsumerRecord<String, byte[]> record : records) {
                // Throws, naming the value, when a record is not a valid transaction.
                TransactionCodec.decode(City.fromTopic(record.topic()).orElseThrow(), record.value());
            }
        } finally {
            podman.run("rm", "--force", container);
        }
    }

    @Test
    void generatorImageFlushesAndExitsOnPodmanStop() throws Exception {
        long before = countRecords();
        String container = startGenerator("--rate", "50", "--stats-interval", "1");
        try {
            awaitLog(container, " tx/s");

            // podman stop sends SIGTERM to the container's main process, java itself in a Jib image.
            podman.run("stop", "--time", "60", container);

            assertEquals(143, awaitExit(container), () -> logs(container));
            String logs = logs(container);
            Matcher stopped = STOPPED_LINE.matcher(logs);
            assertTrue(stopped.find(), logs);
            long generated = Long.parseLong(stopped.group(1));
            assertTrue(generated > 0, "sent some transactions before the signal");
            assertEquals(generated, Long.parseLong(stopped.group(2)), "every generated transaction was acknowledged");
            assertEquals(0, Long.parseLong(stopped.group(3)), "failed sends");
            assertEquals(before + generated, countRecords(), "every acknowledged transaction is in Kafka");
        } finally {
            podman.run("rm", "--force", container);
        }
    }

    private static Optional<String> findSkipReason() {
        String base = System.getProperty("fintrans.image.test.base", "scratch");
        if (base.equals("scratch")) {
            return Optional.of(GENERATOR_IMAGE + " is built on scratch, which has no java. Build a JRE base with "
                    + "scripts/build-jre-base.sh and run mvn verify -Dimage.test.base=tar://PATH to run this test.");
        }
        if (!Files.isRegularFile(GENERATOR_IMAGE)) {
            return Optional.of(GENERATOR_IMAGE + " is missing; mvn verify builds it.");
        }
        return Podman.unavailableReason().map(reason -> "Cannot run containers: " + reason);
    }

    /** Starts the generator image in the background and returns the container's name. */
    private static String startGenerator(String... generatorOptions) throws Exception {
        String container = "fintrans-generator-" + UUID.randomUUID();
        List<String> command = new ArrayList<>(List.of("run", "--detach", "--name", container));
        command.addAll(RUN_OPTIONS);
        command.add(image);
        command.addAll(List.of("--broker", kafka.bootstrapServers()));
        command.addAll(List.of(generatorOptions));
        podman.run(command.toArray(String[]::new));
        return container;
    }

    /**
     * Returns "UID GID" of the container's main process in the host's user namespace, read while the
     * container runs. Rootful podman maps no user ids, so these are also the ids inside the container.
     */
    private static String awaitProcessUser(String container) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Podman.Result top = podman.execute("top", container, "huser", "hgroup");
            List<String> lines = top.stdout().lines().toList();
            if (top.exitCode() == 0 && lines.size() >= 2) {
                return String.join(" ", lines.get(1).trim().split("\\s+"));
            }
            if (!isRunning(container)) {
                throw new IllegalStateException(container + " exited before its user could be read; podman top: "
                        + top.stderr() + "\nits log:\n" + logs(container));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("podman top showed no process of " + container + " within " + TIMEOUT);
    }

    private static void awaitLog(String container, String text) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!logs(container).contains(text)) {
            if (!isRunning(container)) {
                throw new IllegalStateException(container + " exited before logging '" + text + "'; its log:\n"
                        + logs(container));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(container + " did not log '" + text + "' within " + TIMEOUT
                        + "; its log:\n" + logs(container));
            }
            Thread.sleep(200);
        }
    }

    /** Waits for the container to exit and returns the exit code of its main process. */
    private static int awaitExit(String container) throws Exception {
        return Integer.parseInt(podman.run("wait", container).trim());
    }

    private static boolean isRunning(String container) throws Exception {
        return podman.run("inspect", "--format", "{{.State.Running}}", container).trim().equals("true");
    }

    /** Returns the container's stdout and stderr. The generator logs to stderr. */
    private static String logs(String container) {
        try {
            Podman.Result result = podman.execute("logs", container);
            return result.stdout() + result.stderr();
        } catch (Exception e) {
            return "(podman logs failed: " + e + ")";
        }
    }

    private static long countRecords() {
        return TopicContents.readAll(kafka.bootstrapServers(), City.topics(), TIMEOUT).size();
    }
}
