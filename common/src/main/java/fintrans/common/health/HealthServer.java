package fintrans.common.health;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP health endpoint for orchestrators such as Marathon or Docker: {@code GET /health} answers 200
 * with {@code ok} while the service works, and 503 with the reason otherwise. It runs on the JDK's own
 * HTTP server with one daemon thread.
 */
public final class HealthServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthServer.class);

    private final HttpServer server;

    private HealthServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts serving {@code /health} on {@code address}:{@code port}.
     *
     * @param problem returns null while the service is healthy, else a short description of what is wrong
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static HealthServer start(String address, int port, Supplier<String> problem) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 0);
            server.createContext("/health", exchange -> respond(exchange, problem.get()));
            server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "health");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            LOG.info("Health endpoint at http://{}:{}/health", address, server.getAddress().getPort());
            return new HealthServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve the health endpoint on " + address + ":" + port
                    + "; choose another --health-port", e);
        }
    }

    /** The port the endpoint listens on, useful when it was started on port 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void respond(HttpExchange exchange, String problem) throws IOException {
        byte[] body = (problem == null ? "ok\n" : problem + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(problem == null ? 200 : 503, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
