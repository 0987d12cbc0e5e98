package org.ecmomonitor.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ecmomonitor.alerts.EscalationPolicy;
import org.ecmomonitor.alerts.mqtt.AlertBrokerConfig;
import org.ecmomonitor.dashboards.HttpConfig;
import org.ecmomonitor.ingest.ConfiguredFeed;
import org.ecmomonitor.ingest.IngestConfig;
import org.ecmomonitor.ingest.influx.InfluxConfig;
import org.ecmomonitor.ingest.mqtt.MqttEndpointConfig;
import org.ecmomonitor.ingest.paho.BrokerConfig;
import org.ecmomonitor.ingest.tls.TlsConfig;

/**
 * The whole configuration, parsed and validated once by {@link ConfigParser}.
 *
 * @param mqtt empty when the built-in endpoint is off ({@code ECMO_MQTT_PORT=-1} and no MQTT over TLS)
 * @param influx present when {@code ECMO_STORE=influx}
 * @param broker present when {@code ECMO_BROKER_URL} is set
 * @param configFile the file the feeds were read from, watched for changes; empty without {@code --config}
 * @param ruleVariables rule thresholds overriding the EPL defaults, by variable name ({@code rules:} in the file)
 * @param escalation when unacknowledged alerts escalate and acknowledged high alerts return
 * @param alertBroker present when alert events are published over MQTT
 * @param alertOutboxMax alert events kept while that broker is away
 * @param recordDir where ingest is recorded as replay lines (contract §2 Recording); empty when recording is off
 * @param recordDays recorded day files are kept while any of their lines is younger than this
 * @param tls the MQTT-over-TLS and HTTPS listeners
 * @param alertsUnstoredMax alert events kept in memory while monitor.db cannot store them (a full disk)
 * @param backups SQLite backups on request and daily
 */
public record MonitorConfig(Path dataDir, Optional<MqttEndpointConfig> mqtt, HttpConfig http, StoreKind store,
                            Optional<InfluxConfig> influx, Optional<BrokerConfig> broker, IngestConfig ingest,
                            Duration retention, long deadLetterMaxFileBytes, int deadLetterFiles,
                            List<ConfiguredFeed> feeds, Optional<Path> configFile, Map<String, Double> ruleVariables,
                            EscalationPolicy escalation, Optional<AlertBrokerConfig> alertBroker,
                            int alertOutboxMax, Optional<Path> recordDir, int recordDays, TlsSettings tls,
                            int alertsUnstoredMax, Backups backups) {

    public enum StoreKind { SQLITE, INFLUX }

    /**
     * The TLS listeners.
     *
     * @param material the certificate, key and client CA; present when a TLS port is on
     * @param mqttPort MQTT over TLS, -1 = off, 0 = a free port
     * @param httpPort HTTPS, -1 = off, 0 = a free port
     */
    public record TlsSettings(Optional<TlsConfig> material, int mqttPort, int httpPort) {
        public static final TlsSettings OFF = new TlsSettings(Optional.empty(), -1, -1);

        public TlsSettings {
            if ((mqttPort >= 0 || httpPort >= 0) && material.isEmpty()) {
                throw new IllegalArgumentException("a TLS listener needs its certificate and key");
            }
        }
    }

    /**
     * SQLite backups ({@code POST /api/admin/backup}, and daily when {@code hourUtc} is set).
     *
     * @param hourUtc the hour of the daily backup (UTC); empty: no daily backup
     * @param keep backups kept
     */
    public record Backups(Optional<Integer> hourUtc, int keep) {
    }

    public MonitorConfig {
        feeds = List.copyOf(feeds);
        ruleVariables = Map.copyOf(ruleVariables);
    }

    /** The same configuration with another built-in MQTT endpoint (the demo's, which lets its gateways in). */
    public MonitorConfig withMqtt(Optional<MqttEndpointConfig> newMqtt) {
        return new MonitorConfig(dataDir, newMqtt, http, store, influx, broker, ingest, retention,
                deadLetterMaxFileBytes, deadLetterFiles, feeds, configFile, ruleVariables, escalation, alertBroker,
                alertOutboxMax, recordDir, recordDays, tls, alertsUnstoredMax, backups);
    }
}
