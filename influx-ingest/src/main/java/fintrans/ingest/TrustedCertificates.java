package fintrans.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificates of one PEM file that the ingester's HTTPS client trusts in place of the JVM's default
 * trust store: the certificate of an InfluxDB server that is self-signed, or the certificate of the
 * private certificate authority that signed it. Host names are still verified against the server's
 * certificate.
 */
public final class TrustedCertificates {
    private final Path file;
    private final List<X509Certificate> certificates;
    private final X509TrustManager trustManager;
    private final SSLSocketFactory socketFactory;

    private TrustedCertificates(Path file, List<X509Certificate> certificates, X509TrustManager trustManager,
            SSLSocketFactory socketFactory) {
        this.file = file;
        this.certificates = certificates;
        this.trustManager = trustManager;
        this.socketFactory = socketFactory;
    }

    /**
     * Loads every X.509 certificate of the PEM file {@code file}.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it: missing, unreadable, or
     *     without a certificate
     */
    public static TrustedCertificates load(Path file) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("the file " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " is not a file");
        }
        List<X509Certificate> certificates = readCertificates(file);
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("certificate-" + i, certificates.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            X509TrustManager trustManager = x509TrustManager(factory.getTrustManagers());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager}, null);
            return new TrustedCertificates(file, List.copyOf(certificates), trustManager, context.getSocketFactory());
        } catch (GeneralSecurityException | IOException e) {
            // The JVM's own key store and TLS implementations fail here, not the file.
            throw new IllegalStateException("Cannot build a trust store from " + file + ": " + e, e);
        }
    }

    private static List<X509Certificate> readCertificates(Path file) {
        String noCertificate = file + " contains no PEM certificate; expected a file with one or more "
                + "-----BEGIN CERTIFICATE----- blocks, such as InfluxDB's certificate or the certificate of its CA";
        Collection<? extends Certificate> read;
        try (InputStream in = Files.newInputStream(file)) {
            read = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(noCertificate + " (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (Certificate certificate : read) {
            if (certificate instanceof X509Certificate x509) {
                certificates.add(x509);
            }
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(noCertificate);
        }
        return certificates;
    }

    private static X509TrustManager x509TrustManager(TrustManager[] managers) {
        for (TrustManager manager : managers) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new IllegalStateException("The JVM's default TrustManagerFactory returned no X509TrustManager");
    }

    public X509TrustManager trustManager() {
        return trustManager;
    }

    public SSLSocketFactory socketFactory() {
        return socketFactory;
    }

    /** Returns the file and the subjects of its certificates, for log lines. */
    public String description() {
        List<String> subjects = certificates.stream()
                .map(certificate -> certificate.getSubjectX500Principal().getName())
                .toList();
        return file + " (" + certificates.size() + (certificates.size() == 1 ? " certificate: " : " certificates: ")
                + String.join("; ", subjects) + ")";
    }
}
