package org.ecmomonitor.ingest;

import java.util.Optional;

/** An enum whose constants have a lower-case name on the wire (JSON, topics, stores). */
public interface WireNamed {
    String wireName();

    /** The constant whose wire name is exactly {@code name}, or empty. */
    static <E extends Enum<E> & WireNamed> Optional<E> byWireName(Class<E> type, String name) {
        for (E e : type.getEnumConstants()) {
            if (e.wireName().equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
