package fintrans.localservers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed TLS certificate for a local server on 127.0.0.1, valid for the IP address 127.0.0.1 and
 * the name localhost for 7 days, with its private key. The JDK's {@code keytool} creates the key pair;
 * the certificate and the key are then written as PEM files, the form InfluxDB reads. No JVM trusts this
 * certificate by default, so clients must be given {@link #certificateFile()} or {@link #clientContext()}.
 */
public final class SelfSignedCertificate {
    private static final String ALIAS = "server";
    /** Protects only the throwaway key store file in a test folder. */
    private static final char[] STORE_PASSWORD = "local-test-only".toCharArray();

    private final Path keyStoreFile;
    private final Path certificateFile;
    private final Path privateKeyFile;
    private final SSLContext clientContext;

    private SelfSignedCertificate(Path keyStoreFile, Path certificateFile, Path privateKeyFile,
            SSLContext clientContext) {
        this.keyStoreFile = keyStoreFile;
        this.certificateFile = certificateFile;
        this.privateKeyFile = privateKeyFile;
        this.clientContext = clientContext;
    }

    /**
     * Creates a key pair and its certificate in {@code dir}: {@code server.p12} (the key store that keytool
     * writes), {@code certificate.pem} and {@code private-key.pem} (PKCS #8).
     *
     * @throws IllegalStateException when keytool fails, with its output
     */
    public static SelfSignedCertificate create(Path dir) {
        try {
            Files.createDirectories(dir);
            Path keyStoreFile = dir.resolve("server.p12");
            Files.deleteIfExists(keyStoreFile);
            runKeytool(keyStoreFile);

            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStoreFile)) {
                keyStore.load(in, STORE_PASSWORD);
            }
            Certificate certificate = keyStore.getCertificate(ALIAS);
            PrivateKey privateKey = (PrivateKey) keyStore.getKey(ALIAS, STORE_PASSWORD);

            Path certificateFile = dir.resolve("certificate.pem");
            Files.writeString(certificateFile, pem("CERTIFICATE", certificate.getEncoded()));
            Path privateKeyFile = dir.resolve("private-key.pem");
            Files.writeString(privateKeyFile, pem("PRIVATE KEY", privateKey.getEncoded()));
            return new SelfSignedCertificate(keyStoreFile, certificateFile, privateKeyFile, trustingContext(certificate));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write a certificate into " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the key store that keytool wrote into " + dir + ": " + e, e);
        }
    }

    /** Returns the key pair and certificate as a PKCS #12 key store, the form Java servers such as Kafka read. */
    public Path keyStoreFile() {
        return keyStoreFile;
    }

    /** Returns the password of {@link #keyStoreFile()} and of the key in it. */
    public String keyStorePassword() {
        return new String(STORE_PASSWORD);
    }

    /** The certificate as a PEM file, for clients that must trust the server. */
    public Path certificateFile() {
        return certificateFile;
    }

    /** The private key as an unencrypted PKCS #8 PEM file, for the server. */
    public Path privateKeyFile() {
        return privateKeyFile;
    }

    /** A TLS context that trusts only this certificate, for {@link java.net.http.HttpClient}. */
    public SSLContext clientContext() {
        return clientContext;
    }

    private static void runKeytool(Path keyStoreFile) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS,
                "-keyalg", "RSA", "-keysize", "2048", "-sigalg", "SHA256withRSA", "-validity", "7",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-keystore", keyStoreFile.toString(), "-storetype", "PKCS12",
                "-storepass", new String(STORE_PASSWORD), "-keypass", new String(STORE_PASSWORD));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(keytool + " did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + keytool, e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(keytool + " failed with exit code " + process.exitValue() + ": " + output);
        }
    }

    private static SSLContext trustingContext(Certificate certificate) throws GeneralSecurityException, IOException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry(ALIAS, certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static String pem(String type, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
    }
}
