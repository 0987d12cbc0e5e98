package org.ecmomonitor.app;

import java.util.Locale;

/**
 * Every scalar configuration key. In the config file a key is written in lower case ({@code mqtt_port}); the
 * environment variable {@code ECMO_} + upper case ({@code ECMO_MQTT_PORT}) overrides it. The names of contract
 * §5 are part of the external contract.
 */
enum ConfigKey {
    DATA_DIR("./data", "SQLite files (samples in embedded mode, alerts, audit, feeds) and the dead-letter log"),
    MQTT_PORT("1883", "built-in MQTT endpoint port; 0 = a free port (printed at start), -1 = off"),
    MQTT_BIND("127.0.0.1", "built-in MQTT endpoint bind address"),
    MQTT_MAX_PACKET_BYTES("66560", "largest MQTT packet read (64 KiB payload + topic and headers); 1024..16777216"),
    MQTT_RECEIVE_MAXIMUM("32", "QoS 1 messages a client may have unacknowledged (MQTT 5 Receive Maximum); 1..65535"),
    MQTT_MAX_KEEPALIVE_SECONDS("300", "longest keep-alive granted; 1..65535"),
    MQTT_ALLOW_ANONYMOUS("false", "whether devices without credentials may connect (feeds with a password always"
            + " need it; anonymous devices never send context); the demo allows its simulated gateways on loopback"),
    MQTT_CONNECT_TIMEOUT_SECONDS("10", "a connection whose CONNECT has not fully arrived this long after the TCP"
            + " accept is closed; 1..300"),
    MQTT_MAX_CLIENT_ID_LENGTH("128", "longer MQTT client ids are refused (client identifier not valid); 23..65535"),
    MQTT_MAX_CONNECTIONS("2000", "open connections on the MQTT listener; past it new ones are closed at once;"
            + " 1..1000000"),
    MQTT_MAX_SESSION_MB("16", "what MQTT client sessions (live and persisted) may hold, MiB; past it new sessions"
            + " are refused (quota exceeded); 1..4096"),
    MQTT_SIGN_IN_FAILURES("5", "wrong device passwords allowed in a row per device and per remote address before"
            + " sign-ins from there are refused unchecked (connection rate exceeded); 1..1000"),
    MQTT_SIGN_IN_REFILL_SECONDS("2", "one more wrong password is allowed per this many seconds; 1..3600"),
    INGEST_MAX_BEDS("1000", "beds ingest takes data for; data for a new bed past it is refused (limit_exceeded),"
            + " so invented beds cannot each become a bed with alarms; 1..100000"),
    INGEST_MAX_DEVICES("2000", "devices ingest tracks (configured feeds always count); data from a new unconfigured"
            + " device past it is refused (limit_exceeded), and per-device metric series stop there; 1..100000"),
    MQTT_TLS_PORT("-1", "MQTT over TLS port (8883 by convention); 0 = a free port (printed at start), -1 = off;"
            + " needs tls_cert_file and tls_key_file"),
    MQTT_TLS_CLIENT_AUTH("none", "client certificates on MQTT over TLS: none, optional or require; a verified"
            + " certificate naming a configured device (CN or DNS SAN) signs in as that device"),
    MQTT_TLS_CLIENT_CA_FILE(null, "PEM CA certificate(s) that sign devices' client certificates (needed when"
            + " mqtt_tls_client_auth is optional or require)"),
    HTTP_PORT("8080", "dashboards and API port; 0 = a free port (printed at start), -1 = off (HTTPS only)"),
    HTTP_TLS_PORT("-1", "HTTPS port for the dashboards and API (e.g. 8443 or 443); 0 = a free port (printed at"
            + " start), -1 = off; with both on, plain HTTP redirects pages to HTTPS"),
    TLS_CERT_FILE(null, "PEM server certificate, then its intermediates, for MQTT over TLS and HTTPS"),
    TLS_KEY_FILE(null, "PEM private key of that certificate: PKCS#8 (plain or encrypted), PKCS#1 RSA or SEC1 EC"),
    TLS_KEY_PASSWORD(null, "password of an encrypted PKCS#8 key file"),
    HTTP_BIND("127.0.0.1", "dashboards and API bind address"),
    HTTP_MAX_BODY_BYTES("1048576", "largest HTTP request body; 1024..67108864"),
    HTTP_SESSION_IDLE_MINUTES("720", "a signed-in session ends after this long without use (an open board keeps it);"
            + " 1..10080"),
    HTTP_SECURE_COOKIE("false", "mark the session cookie Secure: set true when users reach the monitor through an"
            + " HTTPS proxy"),
    HTTP_ALLOWED_HOSTS(null, "host names (or addresses) the Host header may name, comma-separated, besides localhost,"
            + " the loopback addresses, the bind address and (bound to 0.0.0.0 or ::) this machine's names and"
            + " addresses; others get 421"),
    HTTP_MAX_CONNECTIONS("1000", "open HTTP connections (WebSockets included) past which new ones are closed;"
            + " 1..100000"),
    HTTP_HEADER_READ_SECONDS("10", "a request's line and headers must arrive within this many seconds of its first"
            + " byte; 1..300"),
    HTTP_IDLE_SECONDS("120", "an HTTP connection (not a WebSocket) with no traffic for this long is closed;"
            + " 1..86400"),
    STORE("sqlite", "sample store: sqlite (embedded) or influx"),
    INFLUX_URL(null, "InfluxDB v1 API base URL, e.g. http://127.0.0.1:8086 (required when store is influx)"),
    INFLUX_DATABASE("ecmo", "InfluxDB database, created at start if missing"),
    INFLUX_USERNAME(null, "InfluxDB user (v1 auth, or a 2.x/3.x token's user)"),
    INFLUX_PASSWORD(null, "InfluxDB password (or 2.x/3.x token)"),
    INFLUX_TIMEOUT_SECONDS("2", "InfluxDB write and probe timeout: a hung server is reported down within about this"
            + " (probed every 0.5 s); 1..60"),
    BROKER_URL(null, "when set, also subscribe to this MQTT broker with Paho, e.g. tcp://127.0.0.1:1883"),
    BROKER_TOPICS("icu/+/+", "topic filters for that subscription, comma-separated"),
    BROKER_CLIENT_ID("ecmo-monitor", "client id at the broker (keeps the persistent session across restarts)"),
    BROKER_USERNAME(null, "broker user name"),
    BROKER_PASSWORD(null, "broker password"),
    RETENTION_DAYS("30", "embedded store: samples older than this are deleted; 1..3650"),
    INGEST_QUEUE_CAPACITY("100000", "messages that may wait for the store; 1000..10000000"),
    DEADLETTER_MAX_FILE_MB("16", "dead-letter log file size before rotation, MiB; 1..1024"),
    DEADLETTER_FILES("4", "rotated dead-letter files kept; 1..100"),
    ESCALATION_HIGH_LEVEL2_SECONDS("60", "an unacknowledged high alert escalates to level 2 after this; 1..3600"),
    ESCALATION_HIGH_LEVEL3_SECONDS("180", "... and to level 3 after this (more than level 2); 2..7200"),
    ESCALATION_MEDIUM_LEVEL2_SECONDS("600", "an unacknowledged medium alert escalates to level 2 after this; 1..7200"),
    ALERTS_BROKER_URL(null, "when set, publish every alert event to this MQTT broker (alerts/{bed}/{rule}, QoS 1)"),
    ALERTS_BROKER_CLIENT_ID("ecmo-monitor-alerts", "client id for alert publishing"),
    ALERTS_BROKER_USERNAME(null, "user at the alert broker"),
    ALERTS_BROKER_PASSWORD(null, "password at the alert broker"),
    ALERTS_OUTBOX_MAX("100000", "alert events kept while the alert broker is away; past it the oldest are dropped"
            + " (counted); 100..10000000"),
    ALERTS_UNSTORED_MAX("10000", "alert events kept in memory, shown and retried, while monitor.db cannot store them"
            + " (a full disk); past it the oldest event is dropped from the history (counted); 100..1000000"),
    REACTIVATE_AFTER_SECONDS("900", "an acknowledged high alert whose condition holds is active again after this;"
            + " 60..86400"),
    RECORD_DIR(null, "when set, every sample and context change ingest takes is recorded as replay lines, one file"
            + " per UTC day, in this folder (contract §2 Recording)"),
    RECORD_DAYS("7", "recorded day files are deleted once all their lines are older than this many days; 1..3650"),
    BACKUP_HOUR_UTC(null, "when set, a backup of the SQLite databases is made daily at this hour (UTC) into"
            + " data_dir/backup/; 0..23"),
    BACKUP_KEEP("7", "backups kept in data_dir/backup/ (the oldest beyond are deleted after each backup); 1..1000");

    private final String defaultValue;
    private final String description;

    ConfigKey(String defaultValue, String description) {
        this.defaultValue = defaultValue;
        this.description = description;
    }

    String fileKey() {
        return name().toLowerCase(Locale.ROOT);
    }

    String envKey() {
        return "ECMO_" + name();
    }

    String defaultValue() {
        return defaultValue;
    }

    String description() {
        return description;
    }
}
