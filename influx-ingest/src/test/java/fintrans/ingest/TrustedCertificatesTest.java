package fintrans.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fintrans.localservers.SelfSignedCertificate;

class TrustedCertificatesTest {

    @TempDir
    Path dir;

    @Test
    void loadsCertificateOfPemFile() {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(dir);

        TrustedCertificates trusted = TrustedCertificates.load(certificate.certificateFile());

        assertEquals(1, trusted.trustManager().getAcceptedIssuers().length);
        assertTrue(trusted.description().contains("1 certificate: CN=127.0.0.1"), trusted.description());
    }

    @Test
    void missingFileIsNamed() {
        Path missing = dir.resolve("nowhere.pem");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> TrustedCertificates.load(missing));

        assertEquals("the file " + missing + " does not exist", error.getMessage());
    }

    @Test
    void folderIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> TrustedCertificates.load(dir));

        assertEquals(dir + " is not a file", error.getMessage());
    }

    @Test
    void textWithoutCertificateIsRejected() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.pem"), "not a certificate\n");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> TrustedCertificates.load(text));

        assertTrue(error.getMessage().startsWith(text + " contains no PEM certificate"), error.getMessage());
    }

    @Test
    void emptyFileIsRejected() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.pem"));

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> TrustedCertificates.load(empty));

        assertTrue(error.getMessage().startsWith(empty + " contains no PEM certificate"), error.getMessage());
    }

    @Test
    void privateKeyIsNotCertificate() {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(dir);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> TrustedCertificates.load(certificate.privateKeyFile()));

        assertTrue(error.getMessage().contains("contains no PEM certificate"), error.getMessage());
    }
}
