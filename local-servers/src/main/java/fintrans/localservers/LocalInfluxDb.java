package fintrans.localservers;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real InfluxDB 1.x server: an {@code influxd} child process with its own configuration, listening on
 * 127.0.0.1 only and keeping its data in a folder of its own. Debian's default configuration listens on
 * every interface, so it is never used.
 *
 * <p>The server can be stopped and started again on the same port and data, which is how tests make
 * InfluxDB unavailable for a while. It serves plain HTTP, or HTTPS with a {@link SelfSignedCertificate}.
 */
public final class LocalInfluxDb implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalInfluxDb.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final int START_ATTEMPTS = 3;

    /** Printed when {@code influxd} is missing; the README gives the same command. */
    public static final String INSTALL_HINT = "Install InfluxDB 1.x with: sudo apt-get install -y influxdb influxdb-client"
            + " (Debian and Ubuntu), or set INFLUXD to the path of an influxd 1.x binary.";

    private final Path executable;
    private final Path dataDir;
    private final int httpPort;
    private final int rpcPort;
    private final HttpClient http;
    /** The admin account when authentication is enabled, else null. */
    private final Credentials admin;
    /** The server's certificate when it serves HTTPS, else null. */
    private final SelfSignedCertificate certificate;
    private boolean adminCreated;
    private Process process;

    private LocalInfluxDb(Path executable, Path dataDir, int httpPort, int rpcPort, Credentials admin,
            SelfSignedCertificate certificate) {
        this.executable = executable;
        this.dataDir = dataDir;
        this.httpPort = httpPort;
        this.rpcPort = rpcPort;
        this.admin = admin;
        this.certificate = certificate;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        if (certificate != null) {
            builder.sslContext(certificate.clientContext());
        }
        this.http = builder.build();
    }

    /** A user name and password for InfluxDB's HTTP basic authentication. */
    public record Credentials(String user, String password) {
        @Override
        public String toString() {
            return "Credentials[user=" + user + "]";
        }
    }

    /** Starts a server on free ports with its data in a new folder under {@code parentDir}. */
    public static LocalInfluxDb startOnFreePorts(Path parentDir) {
        return startOnFreePorts(parentDir, null, false);
    }

    /**
     * Starts a server with HTTP authentication enabled and {@code admin} as its only user, an admin with
     * all privileges. {@link #query} then sends the admin's credentials.
     */
    public static LocalInfluxDb startWithAuthentication(Path parentDir, Credentials admin) {
        return startOnFreePorts(parentDir, admin, false);
    }

    /**
     * Starts a server that serves HTTPS only, with a new {@link SelfSignedCertificate} for 127.0.0.1, and
     * with authentication when {@code admin} is given. {@link #certificateFile()} is the certificate that
     * clients must trust.
     */
    public static LocalInfluxDb startWithHttps(Path parentDir, Optional<Credentials> admin) {
        return startOnFreePorts(parentDir, admin.orElse(null), true);
    }

    private static LocalInfluxDb startOnFreePorts(Path parentDir, Credentials admin, boolean https) {
        Path executable = findInfluxd();
        RuntimeException lastFailure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                Path dataDir = Files.createTempDirectory(parentDir, "influxdb-");
                SelfSignedCertificate certificate = https ? SelfSignedCertificate.create(dataDir.resolve("tls")) : null;
                LocalInfluxDb influx = new LocalInfluxDb(executable, dataDir, FreePorts.pick(), FreePorts.pick(), admin,
                        certificate);
                influx.start();
                return influx;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create an InfluxDB data folder under " + parentDir, e);
            } catch (IllegalStateException e) {
                // Most often another process took a port between picking and binding it.
                LOG.warn("InfluxDB start attempt {} of {} failed: {}", attempt, START_ATTEMPTS, e.getMessage());
                lastFailure = e;
            }
        }
        throw lastFailure;
    }

    /** Starts a server on the given loopback ports, keeping data that an earlier run left in {@code dataDir}. */
    public static LocalInfluxDb start(Path dataDir, int httpPort, int rpcPort) {
        LocalInfluxDb influx = new LocalInfluxDb(findInfluxd(), dataDir, httpPort, rpcPort, null, null);
        influx.start();
        return influx;
    }

    /** The HTTP API base URL, {@code http://127.0.0.1:PORT}, or {@code https://127.0.0.1:PORT} with HTTPS. */
    public String url() {
        return (certificate == null ? "http" : "https") + "://127.0.0.1:" + httpPort;
    }

    /**
     * The server's certificate as a PEM file when it serves HTTPS.
     *
     * @throws IllegalStateException when it serves plain HTTP
     */
    public Path certificateFile() {
        if (certificate == null) {
            throw new IllegalStateException("InfluxDB at " + url() + " serves plain HTTP and has no certificate");
        }
        return certificate.certificateFile();
    }

    public int httpPort() {
        return httpPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The process id of the running {@code influxd}. */
    public long pid() {
        return process.pid();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Starts {@code influxd} and waits until {@code /ping} responds.
     *
     * @throws IllegalStateException when a port is taken, or the server exits or does not respond in time;
     *     the message includes the end of its log
     */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        requireFree(httpPort, "HTTP");
        requireFree(rpcPort, "RPC");
        try {
            Files.createDirectories(dataDir);
            Path config = writeConfig();
            Path log = dataDir.resolve("influxd.log");
            process = new ProcessBuilder(executable.toString(), "run", "-config", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + executable + ": " + e.getMessage(), e);
        }
        awaitReady();
        if (admin != null && !adminCreated) {
            // InfluxDB 1.x accepts this one statement without credentials while it has no user.
            send("CREATE USER \"" + admin.user() + "\" WITH PASSWORD '" + admin.password().replace("'", "\\'")
                    + "' WITH ALL PRIVILEGES", null, false);
            adminCreated = true;
        }
        LOG.info("InfluxDB ready at {} (pid {}) with its data in {}{}", url(), process.pid(), dataDir,
                admin == null ? "" : ", authentication enabled for user " + admin.user());
    }

    /** Stops {@code influxd} with SIGTERM, and kills it if it has not exited within 15 s. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("influxd (pid {}) did not stop within {} s; killing it", process.pid(), STOP_TIMEOUT.toSeconds());
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        LOG.info("InfluxDB at {} stopped", url());
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Runs an InfluxQL statement through the HTTP API and returns the JSON response, for setup and checks.
     * The admin's credentials are sent when authentication is enabled.
     */
    public String query(String database, String statement) {
        return send(statement, database, true);
    }

    private String send(String statement, String database, boolean withCredentials) {
        String body = "q=" + URLEncoder.encode(statement, StandardCharsets.UTF_8)
                + (database == null ? "" : "&db=" + URLEncoder.encode(database, StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + "/query"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (withCredentials && admin != null) {
            String token = admin.user() + ":" + admin.password();
            request.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("InfluxDB query '" + statement + "' failed with HTTP "
                        + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("InfluxDB query '" + statement + "' failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while querying InfluxDB", e);
        }
    }

    /**
     * Finds {@code influxd}: the path in the {@code INFLUXD} environment variable, else the first one on
     * {@code PATH}, else {@code /usr/bin/influxd}.
     *
     * @throws IllegalStateException naming the install command when none is found
     */
    public static Path findInfluxd() {
        String configured = System.getenv("INFLUXD");
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (!Files.isExecutable(path)) {
                throw new IllegalStateException("INFLUXD is set to " + configured + ", which is not an executable file. "
                        + INSTALL_HINT);
            }
            return path;
        }
        String pathVariable = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "influxd"))) {
                return Path.of(dir, "influxd");
            }
        }
        for (Path candidate : List.of(Path.of("/usr/bin/influxd"), Path.of("/usr/local/bin/influxd"))) {
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("influxd was not found on PATH. " + INSTALL_HINT);
    }

    private Path writeConfig() throws IOException {
        String config = """
                # Written by fintrans for a local InfluxDB that only listens on 127.0.0.1.
                reporting-disabled = true
                bind-address = "127.0.0.1:%d"

                [meta]
                  dir = "%s"

                [data]
                  dir = "%s"
                  wal-dir = "%s"
                  query-log-enabled = false

                [http]
                  enabled = true
                  bind-address = "127.0.0.1:%d"
                  auth-enabled = %b
                  log-enabled = false
                %s
                [monitor]
                  store-enabled = false

                [subscriber]
                  enabled = false

                [continuous_queries]
                  enabled = false
                """.formatted(rpcPort, tomlPath(dataDir.resolve("meta")), tomlPath(dataDir.resolve("data")),
                tomlPath(dataDir.resolve("wal")), httpPort, admin != null, httpsSettings());
        Path file = dataDir.resolve("influxdb.conf");
        Files.writeString(file, config);
        return file;
    }

    private String httpsSettings() {
        if (certificate == null) {
            return "";
        }
        return """
                  https-enabled = true
                  https-certificate = "%s"
                  https-private-key = "%s"
                """.formatted(tomlPath(certificate.certificateFile()), tomlPath(certificate.privateKeyFile()));
    }

    private static String tomlPath(Path path) {
        return path.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private void awaitReady() {
        HttpRequest ping = HttpRequest.newBuilder(URI.create(url() + "/ping")).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("influxd exited with code " + process.exitValue()
                        + " before it was ready. The end of its log:\n" + logTail());
            }
            try {
                if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 204) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new IllegalStateException("Interrupted while waiting for InfluxDB", e);
            }
            sleep(50);
        }
        stop();
        throw new IllegalStateException("InfluxDB at " + url() + " did not respond to /ping within "
                + READY_TIMEOUT.toSeconds() + " s. The end of its log:\n" + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("influxd.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void requireFree(int port, String role) {
        if (!FreePorts.isFree(port)) {
            throw new IllegalStateException("Cannot start InfluxDB: its " + role + " port " + port
                    + " on 127.0.0.1 is already in use. Stop what uses it or choose another port.");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
