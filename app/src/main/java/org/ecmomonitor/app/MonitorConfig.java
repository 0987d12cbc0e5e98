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

/**
 * The whole configuration, parsed and validated once by {@link ConfigParser}.
 *
 * @param mqtt empty when the built-in endpoint is off ({@code ECMO_MQTT_PORT=-1})
 * @param influx present when {@code ECMO_STORE=influx}
 * @param broker present when {@code ECMO_BROKER_URL} is set
 * @param configFile the file the feeds were read from, watched for changes; empty without {@code --config}
 * @param ruleVariables rule thresholds overriding the EPL defaults, by variable name ({@code rules:} in the file)
 * @param escalation when unacknowledged alerts escalate and acknowledged high alerts return
 * @param alertBroker present when alert events are published over MQTT
 * @param alertOutboxMax alert events kept while that broker is away
 * @param recordDir where ingest is recorded as replay lines (contract §2 Recording); empty when recording is off
 * @param recordDays recorded day files are kept while any of their lines is younger than this
 */
public record MonitorConfig(Path dataDir, Optional<MqttEndpointConfig> mqtt, HttpConfig http, StoreKind store,
                            Optional<InfluxConfig> influx, Optional<BrokerConfig> broker, IngestConfig ingest,
                            Duration retention, long deadLetterMaxFileBytes, int deadLetterFiles,
                            List<ConfiguredFeed> feeds, Optional<Path> configFile, Map<String, Double> ruleVariables,
                            EscalationPolicy escalation, Optional<AlertBrokerConfig> alertBroker,
                            int alertOutboxMax, Optional<Path> recordDir, int recordDays) {

    public enum StoreKind { SQLITE, INFLUX }

    public MonitorConfig {
        feeds = List.copyOf(feeds);
        ruleVariables = Map.copyOf(ruleVariables);
    }

    /** The same configuration with another built-in MQTT endpoint (the demo's, which lets its gateways in). */
    public MonitorConfig withMqtt(Optional<MqttEndpointConfig> newMqtt) {
        return new MonitorConfig(dataDir, newMqtt, http, store, influx, broker, ingest, retention,
                deadLetterMaxFileBytes, deadLetterFiles, feeds, configFile, ruleVariables, escalation, alertBroker,
                alertOutboxMax, recordDir, recordDays);
    }
}
