package org.ecmomonitor.app;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.ecmomonitor.alerts.EscalationPolicy;
import org.ecmomonitor.alerts.mqtt.AlertBrokerConfig;
import org.ecmomonitor.dashboards.HttpConfig;
import org.ecmomonitor.ingest.ConfiguredFeed;
import org.ecmomonitor.ingest.IngestConfig;
import org.ecmomonitor.ingest.influx.InfluxConfig;
import org.ecmomonitor.ingest.mqtt.MqttEndpointConfig;
import org.ecmomonitor.ingest.mqtt.MqttLimits;
import org.ecmomonitor.ingest.paho.BrokerConfig;
import org.ecmomonitor.ingest.tls.TlsConfig;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads the configuration: the YAML file given by {@code --config} (optional), then {@code ECMO_*} environment
 * variables over it, then defaults. Everything is validated here, once; a bad value stops the start with a
 * message naming the key, the value and what is allowed. Nothing is clamped silently.
 */
public final class ConfigParser {
    /** Strict: a key given twice is an error (the second would silently win otherwise). */
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    private static final long MIB = 1024 * 1024;

    private final Map<String, String> env;

    public ConfigParser(Map<String, String> env) {
        this.env = env;
    }

    public MonitorConfig parse(Optional<Path> file) throws ConfigException {
        JsonNode root = file.isPresent() ? readFile(file.get()) : YAML.createObjectNode();
        Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
        JsonNode feedsNode = null;
        JsonNode rulesNode = null;
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("feeds")) {
                feedsNode = e.getValue();
                continue;
            }
            if (e.getKey().equals("rules")) {
                rulesNode = e.getValue();
                continue;
            }
            ConfigKey key = keyOf(e.getKey());
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw new ConfigException("config key '" + e.getKey() + "' must be a single value");
            }
            values.put(key, e.getValue().asText());
        }
        for (ConfigKey k : ConfigKey.values()) {
            String v = env.get(k.envKey());
            if (v != null) {
                values.put(k, v);
            }
            values.putIfAbsent(k, k.defaultValue());
        }
        return build(new Values(values), FeedsParser.parse(feedsNode), file, ruleVariables(rulesNode));
    }

    /** Re-reads only the feeds of the file (for reloading without restart). */
    public static List<ConfiguredFeed> feedsOf(Path file) throws ConfigException {
        return FeedsParser.parse(readFile(file).get("feeds"));
    }

    private static JsonNode readFile(Path file) throws ConfigException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        try {
            JsonNode n = YAML.readTree(bytes);
            if (n == null || n.isMissingNode() || n.isNull()) {
                return YAML.createObjectNode();
            }
            if (!n.isObject()) {
                throw new ConfigException("config file " + file + " must hold a mapping of keys to values");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new ConfigException(Secrets.scrub("config file " + file + ": " + syntaxError(e), text));
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getClass().getSimpleName());
        }
    }

    /**
     * Where and what, never the parser's quote of the line (it may hold a password): YAML errors by SnakeYAML's
     * problem and mark, Jackson's (a duplicate key) by their original message and location.
     */
    private static String syntaxError(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException y && y.getProblemMark() != null) {
            return "YAML syntax error at line " + (y.getProblemMark().getLine() + 1) + ", column "
                    + (y.getProblemMark().getColumn() + 1) + ": " + y.getProblem();
        }
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String what = e.getOriginalMessage();
        if (what != null && what.startsWith("Duplicate field ")) {
            what = "key " + what.substring("Duplicate field ".length()) + " is given twice (each key at most once)";
        }
        return "invalid YAML" + where + ": " + what;
    }

    private static ConfigKey keyOf(String name) throws ConfigException {
        for (ConfigKey k : ConfigKey.values()) {
            if (k.fileKey().equals(name)) {
                return k;
            }
        }
        throw new ConfigException("unknown config key '" + name + "' (keys are listed in the README)");
    }

    /**
     * {@code rules:} maps EPL variable names (the thresholds in alerts/src/main/resources/epl) to numbers; names
     * are checked against the rule pack when it starts.
     */
    private static Map<String, Double> ruleVariables(JsonNode rules) throws ConfigException {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        if (rules == null || rules.isNull()) {
            return out;
        }
        if (!rules.isObject()) {
            throw new ConfigException("'rules' must map rule variable names to numbers");
        }
        Iterator<Map.Entry<String, JsonNode>> it = rules.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNumber() || !Double.isFinite(e.getValue().doubleValue())
                    || e.getValue().doubleValue() < 0) {
                throw new ConfigException("rules." + e.getKey() + " must be a non-negative number, got "
                        + e.getValue());
            }
            out.put(e.getKey(), e.getValue().doubleValue());
        }
        return out;
    }

    private MonitorConfig build(Values v, List<ConfiguredFeed> feeds, Optional<Path> file,
                                Map<String, Double> ruleVariables) throws ConfigException {
        Path dataDir = Path.of(v.text(ConfigKey.DATA_DIR));
        int mqttPort = v.integer(ConfigKey.MQTT_PORT, -1, 65535);
        MonitorConfig.TlsSettings tls = tls(v);
        Optional<MqttEndpointConfig> mqtt = mqttPort < 0 && tls.mqttPort() < 0 ? Optional.empty()
                : Optional.of(new MqttEndpointConfig(
                v.text(ConfigKey.MQTT_BIND), mqttPort, v.integer(ConfigKey.MQTT_MAX_PACKET_BYTES, 1024, 16 * 1024 * 1024),
                v.integer(ConfigKey.MQTT_RECEIVE_MAXIMUM, 1, 65535),
                v.integer(ConfigKey.MQTT_MAX_KEEPALIVE_SECONDS, 1, 65535),
                v.integer(ConfigKey.MQTT_CONNECT_TIMEOUT_SECONDS, 1, 300),
                v.bool(ConfigKey.MQTT_ALLOW_ANONYMOUS) ? MqttEndpointConfig.Anonymous.ALLOWED
                        : MqttEndpointConfig.Anonymous.REFUSED,
                new MqttLimits(v.integer(ConfigKey.MQTT_MAX_CLIENT_ID_LENGTH, 23, 65535),
                        v.integer(ConfigKey.MQTT_MAX_CONNECTIONS, 1, 1_000_000),
                        v.integer(ConfigKey.MQTT_MAX_SESSION_MB, 1, 4096) * MIB,
                        v.integer(ConfigKey.MQTT_SIGN_IN_FAILURES, 1, 1000),
                        v.integer(ConfigKey.MQTT_SIGN_IN_REFILL_SECONDS, 1, 3600) * 1000L,
                        MqttLimits.DEFAULTS.signInQueue())));
        int httpPort = v.integer(ConfigKey.HTTP_PORT, -1, 65535);
        if (httpPort < 0 && tls.httpPort() < 0) {
            throw new ConfigException(named(ConfigKey.HTTP_PORT) + " and " + named(ConfigKey.HTTP_TLS_PORT)
                    + " are both -1: the dashboards, the API and /health need one of them");
        }
        HttpConfig http = new HttpConfig(v.text(ConfigKey.HTTP_BIND), httpPort,
                v.integer(ConfigKey.HTTP_MAX_BODY_BYTES, 1024, 64 * 1024 * 1024),
                Duration.ofMinutes(v.integer(ConfigKey.HTTP_SESSION_IDLE_MINUTES, 1, 7 * 24 * 60)),
                v.bool(ConfigKey.HTTP_SECURE_COOKIE), hostNames(v, ConfigKey.HTTP_ALLOWED_HOSTS),
                v.integer(ConfigKey.HTTP_MAX_CONNECTIONS, 1, 100_000),
                v.integer(ConfigKey.HTTP_HEADER_READ_SECONDS, 1, 300), v.integer(ConfigKey.HTTP_IDLE_SECONDS, 1, 86_400));
        MonitorConfig.StoreKind store = switch (v.text(ConfigKey.STORE).toLowerCase(Locale.ROOT)) {
            case "sqlite" -> MonitorConfig.StoreKind.SQLITE;
            case "influx" -> MonitorConfig.StoreKind.INFLUX;
            default -> throw new ConfigException(ConfigKey.STORE.envKey() + " must be sqlite or influx, got '"
                    + v.text(ConfigKey.STORE) + "'");
        };
        Optional<InfluxConfig> influx = Optional.empty();
        if (store == MonitorConfig.StoreKind.INFLUX) {
            if (v.optional(ConfigKey.INFLUX_URL) == null) {
                throw new ConfigException(ConfigKey.INFLUX_URL.envKey() + " is required when "
                        + ConfigKey.STORE.envKey() + "=influx");
            }
            String db = v.text(ConfigKey.INFLUX_DATABASE);
            if (!db.matches("[A-Za-z0-9_.-]{1,64}")) {
                throw new ConfigException(ConfigKey.INFLUX_DATABASE.envKey() + " must match [A-Za-z0-9_.-]{1,64},"
                        + " got '" + db + "'");
            }
            influx = Optional.of(new InfluxConfig(v.uri(ConfigKey.INFLUX_URL, "http", "https"), db,
                    v.optional(ConfigKey.INFLUX_USERNAME), v.optional(ConfigKey.INFLUX_PASSWORD),
                    Duration.ofSeconds(v.integer(ConfigKey.INFLUX_TIMEOUT_SECONDS, 1, 60)),
                    Duration.ofDays(v.integer(ConfigKey.RETENTION_DAYS, 1, 3650))));
        }
        Optional<BrokerConfig> broker = Optional.empty();
        if (v.optional(ConfigKey.BROKER_URL) != null) {
            List<String> topics = new ArrayList<>();
            for (String t : v.text(ConfigKey.BROKER_TOPICS).split(",")) {
                if (!t.isBlank()) {
                    topics.add(t.strip());
                }
            }
            if (topics.isEmpty()) {
                throw new ConfigException(ConfigKey.BROKER_TOPICS.envKey() + " must name at least one topic filter");
            }
            broker = Optional.of(new BrokerConfig(v.uri(ConfigKey.BROKER_URL, "tcp", "ssl", "ws", "wss"), topics,
                    v.text(ConfigKey.BROKER_CLIENT_ID), v.optional(ConfigKey.BROKER_USERNAME),
                    v.optional(ConfigKey.BROKER_PASSWORD), dataDir.resolve("paho")));
        }
        Duration retention = Duration.ofDays(v.integer(ConfigKey.RETENTION_DAYS, 1, 3650));
        IngestConfig ingest = new IngestConfig(v.integer(ConfigKey.INGEST_QUEUE_CAPACITY, 1000, 10_000_000),
                IngestConfig.DEFAULTS.maxBatchSamples(), IngestConfig.DEFAULTS.maxRetryBackoffMillis(),
                v.integer(ConfigKey.INGEST_MAX_BEDS, 1, 100_000), v.integer(ConfigKey.INGEST_MAX_DEVICES, 1, 100_000),
                retention);
        return new MonitorConfig(dataDir, mqtt, http, store, influx, broker, ingest, retention,
                v.integer(ConfigKey.DEADLETTER_MAX_FILE_MB, 1, 1024) * MIB, v.integer(ConfigKey.DEADLETTER_FILES, 1, 100),
                feeds, file, ruleVariables, escalation(v), alertBroker(v),
                v.integer(ConfigKey.ALERTS_OUTBOX_MAX, 100, 10_000_000), v.path(ConfigKey.RECORD_DIR),
                v.integer(ConfigKey.RECORD_DAYS, 1, 3650), tls,
                v.integer(ConfigKey.ALERTS_UNSTORED_MAX, 100, 1_000_000), new MonitorConfig.Backups(
                        v.optional(ConfigKey.BACKUP_HOUR_UTC) == null ? Optional.empty()
                                : Optional.of(v.integer(ConfigKey.BACKUP_HOUR_UTC, 0, 23)),
                        v.integer(ConfigKey.BACKUP_KEEP, 1, 1000)));
    }

    /**
     * The TLS listeners and their files. The files' content (PEM, the key matching the certificate) is checked
     * when the monitor starts ({@link TlsSetup}); here, that the keys make sense together: a TLS port needs the
     * certificate and key, and files that nothing would use are refused rather than ignored.
     */
    private static MonitorConfig.TlsSettings tls(Values v) throws ConfigException {
        int mqttTls = v.integer(ConfigKey.MQTT_TLS_PORT, -1, 65535);
        int httpTls = v.integer(ConfigKey.HTTP_TLS_PORT, -1, 65535);
        Optional<Path> cert = v.path(ConfigKey.TLS_CERT_FILE);
        Optional<Path> key = v.path(ConfigKey.TLS_KEY_FILE);
        Optional<Path> clientCa = v.path(ConfigKey.MQTT_TLS_CLIENT_CA_FILE);
        String authText = v.text(ConfigKey.MQTT_TLS_CLIENT_AUTH).toLowerCase(Locale.ROOT);
        TlsConfig.ClientAuth auth = switch (authText) {
            case "none" -> TlsConfig.ClientAuth.NONE;
            case "optional" -> TlsConfig.ClientAuth.OPTIONAL;
            case "require" -> TlsConfig.ClientAuth.REQUIRE;
            default -> throw new ConfigException(named(ConfigKey.MQTT_TLS_CLIENT_AUTH)
                    + " must be none, optional or require, got '" + authText + "'");
        };
        if (mqttTls < 0 && httpTls < 0) {
            for (ConfigKey k : List.of(ConfigKey.TLS_CERT_FILE, ConfigKey.TLS_KEY_FILE, ConfigKey.TLS_KEY_PASSWORD,
                    ConfigKey.MQTT_TLS_CLIENT_CA_FILE)) {
                if (v.optional(k) != null) {
                    throw new ConfigException(named(k) + " is set but " + named(ConfigKey.MQTT_TLS_PORT) + " and "
                            + named(ConfigKey.HTTP_TLS_PORT) + " are both -1: nothing would use it");
                }
            }
            if (auth != TlsConfig.ClientAuth.NONE) {
                throw new ConfigException(named(ConfigKey.MQTT_TLS_CLIENT_AUTH) + " is " + authText + " but "
                        + named(ConfigKey.MQTT_TLS_PORT) + " is -1");
            }
            return MonitorConfig.TlsSettings.OFF;
        }
        for (var required : List.of(Map.entry(ConfigKey.TLS_CERT_FILE, cert), Map.entry(ConfigKey.TLS_KEY_FILE, key))) {
            if (required.getValue().isEmpty()) {
                throw new ConfigException(named(required.getKey()) + " is required when " + named(mqttTls >= 0
                        ? ConfigKey.MQTT_TLS_PORT : ConfigKey.HTTP_TLS_PORT) + " is set");
            }
        }
        if (auth != TlsConfig.ClientAuth.NONE && clientCa.isEmpty()) {
            throw new ConfigException(named(ConfigKey.MQTT_TLS_CLIENT_CA_FILE) + " is required when "
                    + named(ConfigKey.MQTT_TLS_CLIENT_AUTH) + " is " + authText);
        }
        if (auth == TlsConfig.ClientAuth.NONE && clientCa.isPresent()) {
            throw new ConfigException(named(ConfigKey.MQTT_TLS_CLIENT_CA_FILE) + " is set but "
                    + named(ConfigKey.MQTT_TLS_CLIENT_AUTH) + " is none: set it to optional or require");
        }
        if (clientCa.isPresent() && mqttTls < 0) {
            throw new ConfigException(named(ConfigKey.MQTT_TLS_CLIENT_CA_FILE) + " is set but "
                    + named(ConfigKey.MQTT_TLS_PORT) + " is -1");
        }
        return new MonitorConfig.TlsSettings(Optional.of(new TlsConfig(cert.get(), key.get(),
                v.optional(ConfigKey.TLS_KEY_PASSWORD), clientCa, auth)), mqttTls, httpTls);
    }

    /** A key as both spellings: {@code ECMO_TLS_KEY_FILE (tls_key_file)}. */
    static String named(ConfigKey k) {
        return k.envKey() + " (" + k.fileKey() + ")";
    }

    /** A comma-separated list of host names or IP addresses (IPv6 with or without brackets); empty when unset. */
    private static List<String> hostNames(Values v, ConfigKey k) throws ConfigException {
        List<String> out = new ArrayList<>();
        String s = v.optional(k);
        if (s == null) {
            return out;
        }
        for (String part : s.split(",")) {
            String h = part.strip();
            if (h.isEmpty()) {
                continue;
            }
            if (!h.matches("[A-Za-z0-9.-]{1,253}|\\[?[0-9A-Fa-f:.]{2,45}]?")) {
                throw new ConfigException(k.envKey() + " must list host names or IP addresses (no ports, no"
                        + " schemes), comma-separated, got '" + h + "'");
            }
            out.add(h);
        }
        return out;
    }

    private static Optional<AlertBrokerConfig> alertBroker(Values v) throws ConfigException {
        if (v.optional(ConfigKey.ALERTS_BROKER_URL) == null) {
            return Optional.empty();
        }
        return Optional.of(new AlertBrokerConfig(v.uri(ConfigKey.ALERTS_BROKER_URL, "tcp", "ssl", "ws", "wss"),
                v.text(ConfigKey.ALERTS_BROKER_CLIENT_ID), v.optional(ConfigKey.ALERTS_BROKER_USERNAME),
                v.optional(ConfigKey.ALERTS_BROKER_PASSWORD)));
    }

    private static EscalationPolicy escalation(Values v) throws ConfigException {
        int high2 = v.integer(ConfigKey.ESCALATION_HIGH_LEVEL2_SECONDS, 1, 3600);
        int high3 = v.integer(ConfigKey.ESCALATION_HIGH_LEVEL3_SECONDS, 2, 7200);
        if (high3 <= high2) {
            throw new ConfigException(ConfigKey.ESCALATION_HIGH_LEVEL3_SECONDS.envKey() + " must be more than "
                    + ConfigKey.ESCALATION_HIGH_LEVEL2_SECONDS.envKey() + " (" + high2 + "), got " + high3);
        }
        return new EscalationPolicy(high2 * 1000L, high3 * 1000L,
                v.integer(ConfigKey.ESCALATION_MEDIUM_LEVEL2_SECONDS, 1, 7200) * 1000L,
                v.integer(ConfigKey.REACTIVATE_AFTER_SECONDS, 60, 86400) * 1000L);
    }

    /** Typed access to the merged string values, with messages naming the environment variable. */
    private record Values(Map<ConfigKey, String> raw) {
        String optional(ConfigKey k) {
            String s = raw.get(k);
            return s == null || s.isBlank() ? null : s.strip();
        }

        String text(ConfigKey k) throws ConfigException {
            String s = optional(k);
            if (s == null) {
                throw new ConfigException(k.envKey() + " must not be empty");
            }
            return s;
        }

        int integer(ConfigKey k, int min, int max) throws ConfigException {
            String s = text(k);
            try {
                int i = Integer.parseInt(s);
                if (i < min || i > max) {
                    throw new ConfigException(k.envKey() + " must be within " + min + ".." + max + ", got " + i);
                }
                return i;
            } catch (NumberFormatException e) {
                throw new ConfigException(k.envKey() + " must be an integer within " + min + ".." + max
                        + ", got '" + Secrets.shown(k.fileKey(), s) + "'");
            }
        }

        /** An optional folder or file; empty when the key is unset or blank. */
        Optional<Path> path(ConfigKey k) throws ConfigException {
            String s = optional(k);
            if (s == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(Path.of(s));
            } catch (InvalidPathException e) {
                throw new ConfigException(k.envKey() + " must be a path, got '" + Secrets.shown(k.fileKey(), s)
                        + "': " + e.getReason());
            }
        }

        boolean bool(ConfigKey k) throws ConfigException {
            String s = text(k).toLowerCase(Locale.ROOT);
            return switch (s) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new ConfigException(k.envKey() + " must be true or false, got '"
                        + Secrets.shown(k.fileKey(), s) + "'");
            };
        }

        URI uri(ConfigKey k, String... schemes) throws ConfigException {
            String s = text(k);
            try {
                URI u = new URI(s);
                if (u.getScheme() == null || u.getHost() == null
                        || !List.of(schemes).contains(u.getScheme().toLowerCase(Locale.ROOT))) {
                    throw new ConfigException(k.envKey() + " must be a URL with scheme " + String.join(" or ", schemes)
                            + " and a host, got '" + Secrets.shown(k.fileKey(), s) + "'");
                }
                return u;
            } catch (URISyntaxException e) {
                throw new ConfigException(k.envKey() + " is not a valid URL: '" + Secrets.shown(k.fileKey(), s) + "'");
            }
        }
    }
}
