package org.acme.shop.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Throw-away certificates for a TLS Redis, made with {@code openssl} (which {@code bin/local-services} installs) in a
 * temporary directory: a CA, a server certificate it signed for {@code 127.0.0.1} and {@code localhost}, and a
 * second CA that signed nothing, for the test that a client trusting the wrong CA is refused. Valid for one day.
 */
public record TestCertificates(Path ca, Path otherCa, Path serverCertificate, Path serverKey) {

    public static TestCertificates create() {
        try {
            Path dir = Files.createTempDirectory("test-certificates");
            Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
            openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=catalog-test-ca",
                    "-keyout", "ca.key", "-out", "ca.crt");
            openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=catalog-other-ca",
                    "-keyout", "other-ca.key", "-out", "other-ca.crt");
            openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                    "-keyout", "server.key", "-out", "server.csr");
            openssl(dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                    "-days", "1", "-extfile", "server.ext", "-out", "server.crt");
            return new TestCertificates(dir.resolve("ca.crt"), dir.resolve("other-ca.crt"), dir.resolve("server.crt"),
                    dir.resolve("server.key"));
        } catch (IOException e) {
            throw new IllegalStateException("openssl must be on the PATH (bin/local-services installs it)", e);
        }
    }

    private static void openssl(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("openssl.log").toFile())).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("openssl " + args[0] + " failed: "
                        + Files.readString(dir.resolve("openssl.log")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
