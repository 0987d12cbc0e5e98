package org.ecmomonitor.ingest.paho;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A site broker to subscribe to (Mosquitto, EMQX, HiveMQ).
 *
 * @param url e.g. {@code tcp://127.0.0.1:1883} or {@code ssl://broker:8883}
 * @param topics topic filters, subscribed at QoS 1
 * @param clientId stable, so that the broker keeps our persistent session (and its queued messages) across restarts
 * @param username null when the broker needs none
 * @param persistenceDir where Paho keeps in-flight state
 */
public record BrokerConfig(URI url, List<String> topics, String clientId, String username, String password,
                           Path persistenceDir) {
    public BrokerConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(persistenceDir, "persistenceDir");
        topics = List.copyOf(topics);
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("at least one broker topic filter is needed");
        }
    }

    @Override
    public String toString() {
        return "BrokerConfig[" + url + ", topics=" + topics + ", clientId=" + clientId + "]";
    }
}
