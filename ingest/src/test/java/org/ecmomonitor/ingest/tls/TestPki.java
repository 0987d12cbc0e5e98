package org.ecmomonitor.ingest.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away certificate authority made at test time with the {@code openssl} command line (as the README's
 * self-signed set-up does): the CA, server certificates for 127.0.0.1 and localhost in each key format the monitor
 * reads, and devices' client certificates. Shared with the other modules' tests (the ingest test jar).
 */
public final class TestPki {
    /** The key formats of {@code tls_key_file}. */
    public enum KeyFormat { PKCS8_EC, PKCS8_RSA, PKCS1_RSA, SEC1_EC, ENCRYPTED_PKCS8, LEGACY_ENCRYPTED_PKCS1 }

    public static final String KEY_PASSWORD = "test-key-pass-1234";

    public final Path dir;
    public final Path caCert;
    private final Path caKey;
    private int serial;

    /** A certificate and its private key, as PEM files. */
    public record Issued(Path cert, Path key) {
    }

    private TestPki(Path dir) {
        this.dir = dir;
        this.caCert = dir.resolve("ca.pem");
        this.caKey = dir.resolve("ca.key");
    }

    public static TestPki create(Path dir) throws IOException, InterruptedException {
        TestPki pki = new TestPki(dir);
        Files.createDirectories(dir);
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", pki.caKey.toString(), "-out", pki.caCert.toString(), "-days", "30",
                "-subj", "/CN=ECMO test CA", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return pki;
    }

    /** A server certificate for 127.0.0.1 and localhost, valid for {@code days}. */
    public Issued server(String name, KeyFormat format, int days) throws IOException, InterruptedException {
        return issue(name, format, days, "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    }

    /** A device's client certificate: its device id as the common name. */
    public Issued client(String device) throws IOException, InterruptedException {
        return issue(device, KeyFormat.PKCS8_EC, 30, "extendedKeyUsage=clientAuth\n");
    }

    private Issued issue(String cn, KeyFormat format, int days, String extensions)
            throws IOException, InterruptedException {
        String base = cn + "-" + (++serial);
        Path key = dir.resolve(base + ".key");
        Path csr = dir.resolve(base + ".csr");
        Path cert = dir.resolve(base + ".pem");
        Path ext = dir.resolve(base + ".ext");
        Files.writeString(ext, extensions);
        writeKey(key, format);
        Path plainKey = format == KeyFormat.ENCRYPTED_PKCS8 || format == KeyFormat.LEGACY_ENCRYPTED_PKCS1
                ? dir.resolve(base + ".plain.key") : key;
        if (plainKey != key) {
            openssl(dir, "pkey", "-in", key.toString(), "-passin", "pass:" + KEY_PASSWORD, "-out", plainKey.toString());
        }
        openssl(dir, "req", "-new", "-key", plainKey.toString(), "-subj", "/CN=" + cn, "-out", csr.toString());
        openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", caCert.toString(), "-CAkey", caKey.toString(),
                "-set_serial", String.valueOf(1000 + serial), "-days", String.valueOf(days), "-extfile",
                ext.toString(), "-out", cert.toString());
        return new Issued(cert, key);
    }

    private void writeKey(Path key, KeyFormat format) throws IOException, InterruptedException {
        String k = key.toString();
        switch (format) {
            case PKCS8_EC -> openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-out", k);
            case PKCS8_RSA -> openssl(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                    "-out", k);
            case PKCS1_RSA -> openssl(dir, "genrsa", "-traditional", "-out", k, "2048");
            case SEC1_EC -> openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", k);
            case ENCRYPTED_PKCS8 -> {
                Path plain = dir.resolve(key.getFileName() + ".tmp");
                openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out",
                        plain.toString());
                openssl(dir, "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", plain.toString(), "-passout",
                        "pass:" + KEY_PASSWORD, "-out", k);
            }
            case LEGACY_ENCRYPTED_PKCS1 -> openssl(dir, "genrsa", "-traditional", "-aes256", "-passout",
                    "pass:" + KEY_PASSWORD, "-out", k, "2048");
            default -> throw new IllegalArgumentException(format.name());
        }
    }

    /** A client-side TLS context trusting this CA, optionally presenting {@code clientCert}. */
    public SSLContext clientContext(Issued clientCert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", certificates(caCert).get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (clientCert != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("device", PemFiles.privateKey(clientCert.key(), null), new char[0],
                    certificates(clientCert.cert()).toArray(X509Certificate[]::new));
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private static List<X509Certificate> certificates(Path pem) throws Exception {
        List<X509Certificate> out = new ArrayList<>();
        try (var in = Files.newInputStream(pem)) {
            CertificateFactory.getInstance("X.509").generateCertificates(in)
                    .forEach(c -> out.add((X509Certificate) c));
        }
        return out;
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
        }
    }
}
