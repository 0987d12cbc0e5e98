package org.ecmomonitor.app;

import java.time.Clock;
import java.util.Optional;
import org.ecmomonitor.ingest.tls.ServerTls;
import org.ecmomonitor.ingest.tls.TlsException;
import org.ecmomonitor.ingest.tls.TlsListener;

/**
 * Loads the TLS listeners' certificate and key at start; a file that cannot be used stops the start with a
 * configuration error naming the key and the file (never the key's content or its password).
 */
final class TlsSetup {
    private TlsSetup() {
    }

    /** MQTT over TLS (with the devices' client certificates as configured), when its port is on. */
    static Optional<TlsListener> mqtt(MonitorConfig.TlsSettings tls, Clock clock) throws ConfigException {
        if (tls.mqttPort() < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new TlsListener(tls.mqttPort(),
                    ServerTls.withClientCertificates(tls.material().orElseThrow(), clock)));
        } catch (TlsException e) {
            throw explain(e);
        }
    }

    /** HTTPS, when its port is on. */
    static Optional<TlsListener> http(MonitorConfig.TlsSettings tls, Clock clock) throws ConfigException {
        if (tls.httpPort() < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new TlsListener(tls.httpPort(),
                    ServerTls.withoutClientCertificates(tls.material().orElseThrow(), clock)));
        } catch (TlsException e) {
            throw explain(e);
        }
    }

    static ConfigException explain(TlsException e) {
        ConfigKey key = switch (e.which()) {
            case CERTIFICATE -> ConfigKey.TLS_CERT_FILE;
            case KEY -> ConfigKey.TLS_KEY_FILE;
            case CLIENT_CA -> ConfigKey.MQTT_TLS_CLIENT_CA_FILE;
        };
        return new ConfigException(ConfigParser.named(key) + ": " + e.file() + " " + e.getMessage());
    }
}
