package org.ecmomonitor.ingest;

/**
 * Why a message or one sample in it was rejected. The wire names are what /metrics, the dead-letter log and the
 * feed console show.
 */
public enum RejectReason implements WireNamed {
    /** The payload is not JSON (or has NaN/Infinity literals, duplicate keys, too deep nesting). */
    MALFORMED_JSON("malformed_json"),
    /** The payload is over 64 KiB (contract §1), or the MQTT packet over the endpoint's maximum. */
    OVERSIZE("oversize"),
    /** The topic is not {@code icu/{bed}/{device}} or {@code icu/{bed}/context} with valid ids. */
    BAD_TOPIC("bad_topic"),
    /** The device's feed has credentials and the message did not come from a connection signed in as it. */
    UNAUTHORIZED("unauthorized"),
    /** A sample, batch or context that is not a JSON object, or a batch whose {@code samples} is not an array. */
    NOT_AN_OBJECT("not_an_object"),
    MISSING_FIELD("missing_field"),
    WRONG_TYPE("wrong_type"),
    /** NaN or infinite value (e.g. 1e400). */
    NOT_FINITE("not_finite"),
    UNKNOWN_SIGNAL("unknown_signal"),
    UNKNOWN_UNIT("unknown_unit"),
    MISSING_UNIT("missing_unit"),
    /** A value no sensor can report (outside the signal's hard range); implausible values are stored as artifacts. */
    OUT_OF_RANGE("out_of_range"),
    /** {@code ts} is not ISO-8601 with an offset nor integer epoch milliseconds. */
    BAD_TS("bad_ts"),
    /** {@code ts} more than 10 s ahead of the server clock (contract §1). */
    FUTURE_TS("future_ts"),
    /**
     * {@code ts} older than the data kept ({@code retention_days} before the server clock), or a context older than
     * the bed's current context (a stale context never replaces a newer one).
     */
    OLD_TS("old_ts"),
    /** {@code quality}, {@code status}, {@code specimen} or a context field with a value it cannot take. */
    BAD_FIELD_VALUE("bad_field_value"),
    /**
     * A bound was reached: data for a new bed past {@code ingest_max_beds}, or from a new unconfigured device past
     * {@code ingest_max_devices} (issue 14: invented beds must not each become a bed with alarms).
     */
    LIMIT_EXCEEDED("limit_exceeded"),
    /** The monitor could not take the message (write queue full); the device should send it again. */
    OVERLOADED("overloaded");

    private final String wireName;

    RejectReason(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
