package org.ecmomonitor.ingest.tls;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The TLS material of the monitor's listeners: one PEM certificate chain and its private key, shared by MQTT over
 * TLS and HTTPS, and (MQTT only) the CA that signs devices' client certificates.
 *
 * @param certFile PEM, the server certificate first, then its intermediates
 * @param keyFile PEM private key: PKCS#8 (plain or encrypted), PKCS#1 RSA or SEC1 EC
 * @param keyPassword the password of an encrypted key, or null; never printed ({@link #toString()})
 * @param clientCaFile PEM CA certificate(s) that sign devices' client certificates; needed unless client auth is none
 * @param clientAuth whether MQTT clients must (or may) present a certificate
 */
public record TlsConfig(Path certFile, Path keyFile, String keyPassword, Optional<Path> clientCaFile,
                        ClientAuth clientAuth) {

    /** What the MQTT listener asks of a device's certificate. */
    public enum ClientAuth { NONE, OPTIONAL, REQUIRE }

    public TlsConfig {
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(clientCaFile, "clientCaFile");
        Objects.requireNonNull(clientAuth, "clientAuth");
        if (clientAuth != ClientAuth.NONE && clientCaFile.isEmpty()) {
            throw new IllegalArgumentException("client certificates need the CA that signs them");
        }
    }

    public TlsConfig(Path certFile, Path keyFile, String keyPassword) {
        this(certFile, keyFile, keyPassword, Optional.empty(), ClientAuth.NONE);
    }

    @Override
    public String toString() {
        return "TlsConfig[certFile=" + certFile + ", keyFile=" + keyFile + ", keyPassword="
                + (keyPassword == null ? "none" : "(set)") + ", clientCaFile=" + clientCaFile.orElse(null)
                + ", clientAuth=" + clientAuth + "]";
    }
}
