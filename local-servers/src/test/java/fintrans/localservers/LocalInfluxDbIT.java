package fintrans.localservers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalInfluxDbIT {

    @TempDir
    Path tempDir;

    @Test
    void serverStoresPointsAndListensOnLoopbackOnly() throws Exception {
        try (LocalInfluxDb influx = LocalInfluxDb.startOnFreePorts(tempDir)) {
            assertTrue(influx.url().startsWith("http://127.0.0.1:"), influx.url());
            String config = Files.readString(influx.dataDir().resolve("influxdb.conf"));
            assertFalse(config.contains("0.0.0.0"), config);
            assertFalse(config.matches("(?s).*bind-address = \":.*"), "no bind address without a host:\n" + config);

            influx.query(null, "CREATE DATABASE probe");
            HttpResponse<String> write = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(influx.url() + "/write?db=probe"))
                            .POST(HttpRequest.BodyPublishers.ofString("m,city=SF amount=5i 1000000000")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(write.statusCode() == 204, write.statusCode() + " " + write.body());

            String answer = influx.query("probe", "SELECT amount FROM m");
            assertTrue(answer.contains("\"values\":[[\"1970-01-01T00:00:01Z\",5]]"), answer);
        }
    }

    @Test
    void stopAndStartKeepsData() {
        try (LocalInfluxDb influx = LocalInfluxDb.startOnFreePorts(tempDir)) {
            influx.query(null, "CREATE DATABASE kept");

            influx.stop();
            assertFalse(influx.isRunning());
            assertThrows(RuntimeException.class, () -> influx.query(null, "SHOW DATABASES"));
            influx.start();

            assertTrue(influx.query(null, "SHOW DATABASES").contains("\"kept\""));
        }
    }

    @Test
    void authenticationRejectsAnonymousQueriesAndKeepsAdminAcrossRestart() throws Exception {
        LocalInfluxDb.Credentials admin = new LocalInfluxDb.Credentials("admin", "it's secret");
        try (LocalInfluxDb influx = LocalInfluxDb.startWithAuthentication(tempDir, admin)) {
            HttpResponse<String> anonymous = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(influx.url() + "/query?q=SHOW%20DATABASES")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(anonymous.statusCode() == 401, anonymous.statusCode() + " " + anonymous.body());
            assertTrue(influx.query(null, "SHOW USERS").contains("\"admin\",true"), "admin user with all privileges");

            influx.stop();
            influx.start();

            assertTrue(influx.query(null, "SHOW USERS").contains("\"admin\""));
        }
    }

    @Test
    void httpsServesOnlyClientsThatTrustItsCertificate() throws Exception {
        LocalInfluxDb.Credentials admin = new LocalInfluxDb.Credentials("admin", "tls secret");
        try (LocalInfluxDb influx = LocalInfluxDb.startWithHttps(tempDir, Optional.of(admin))) {
            assertTrue(influx.url().startsWith("https://127.0.0.1:"), influx.url());
            assertTrue(Files.readString(influx.certificateFile()).startsWith("-----BEGIN CERTIFICATE-----"));
            assertTrue(influx.query(null, "SHOW USERS").contains("\"admin\",true"), "admin user over HTTPS");

            HttpRequest ping = HttpRequest.newBuilder(URI.create(influx.url() + "/ping")).GET().build();
            HttpClient defaultTrust = HttpClient.newHttpClient();
            assertThrows(SSLHandshakeException.class, () -> defaultTrust.send(ping, HttpResponse.BodyHandlers.ofString()),
                    "the JVM's default trust store does not contain the self-signed certificate");

            HttpRequest plainPing = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + influx.httpPort() + "/ping"))
                    .GET().build();
            HttpResponse<String> plain = HttpClient.newHttpClient().send(plainPing, HttpResponse.BodyHandlers.ofString());
            assertTrue(plain.statusCode() == 400, "plain HTTP to the HTTPS port: " + plain.statusCode());
        }
    }
}
