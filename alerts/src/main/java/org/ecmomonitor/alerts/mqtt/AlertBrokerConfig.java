package org.ecmomonitor.alerts.mqtt;

import java.net.URI;
import java.util.Objects;

/**
 * The broker alert events are published to (contract §4), for nurse-call and paging middleware.
 *
 * @param username null when the broker needs none
 */
public record AlertBrokerConfig(URI url, String clientId, String username, String password) {
    public AlertBrokerConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(clientId, "clientId");
    }

    @Override
    public String toString() {
        return "AlertBrokerConfig[" + url + ", clientId=" + clientId + "]";
    }
}
