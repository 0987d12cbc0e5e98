package org.ecmomonitor.app;

/** A configuration value is missing, malformed or out of range; the message names the key and what is allowed. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
