package fintrans.common.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class HealthServerTest {

    @Test
    void answersOkWhileHealthyAndServiceUnavailableWithReason() throws Exception {
        AtomicReference<String> problem = new AtomicReference<>();
        try (HealthServer server = HealthServer.start("127.0.0.1", 0, problem::get)) {
            HttpResponse<String> healthy = get(server);
            problem.set("consumer thread stopped");
            HttpResponse<String> unhealthy = get(server);

            assertEquals(200, healthy.statusCode());
            assertEquals("ok\n", healthy.body());
            assertEquals(503, unhealthy.statusCode());
            assertEquals("consumer thread stopped\n", unhealthy.body());
        }
    }

    private static HttpResponse<String> get(HealthServer server) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
