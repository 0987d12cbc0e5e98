package org.ecmomonitor.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads contract §1 {@code ts}: ISO-8601 with an offset, or integer epoch milliseconds. */
final class TimestampReader {
    private static final long FUTURE_TOLERANCE_MILLIS = 10_000;

    private TimestampReader() {
    }

    /**
     * Returns the time in epoch ms, or a rejection (as the exception-free {@link Result}): {@code future_ts} after
     * {@code notAfterMillis}, {@code old_ts} before {@code notBeforeMillis}.
     */
    static Result read(JsonNode ts, long notBeforeMillis, long notAfterMillis) {
        long millis;
        if (ts == null || ts.isNull()) {
            return Result.rejected(new Rejection(RejectReason.MISSING_FIELD, "'ts' is required", -1));
        } else if (ts.isTextual()) {
            Long parsed = isoMillis(ts.textValue());
            if (parsed == null) {
                return Result.rejected(new Rejection(RejectReason.BAD_TS,
                        "'ts' must be ISO-8601 with an offset or epoch milliseconds, got '"
                                + Fields.clip(ts.textValue()) + "'", -1));
            }
            millis = parsed;
        } else if (ts.isIntegralNumber() && ts.canConvertToLong()) {
            millis = ts.longValue();
        } else {
            return Result.rejected(new Rejection(RejectReason.BAD_TS,
                    "'ts' must be ISO-8601 text or integer epoch milliseconds, got " + Fields.clip(ts.toString()),
                    -1));
        }
        if (millis > notAfterMillis) {
            return Result.rejected(new Rejection(RejectReason.FUTURE_TS,
                    "'ts' " + java.time.Instant.ofEpochMilli(millis) + " is more than 10 s in the future", -1));
        }
        if (millis < notBeforeMillis) {
            return Result.rejected(new Rejection(RejectReason.OLD_TS, "'ts' " + java.time.Instant.ofEpochMilli(millis)
                    + " is older than the data kept (retention_days: before "
                    + java.time.Instant.ofEpochMilli(notBeforeMillis) + ")", -1));
        }
        return new Result(millis, null);
    }

    /** The earliest acceptable {@code ts} for a message received at {@code nowMillis}: the retention back. */
    static long notBefore(long nowMillis, long maxAgeMillis) {
        return nowMillis < Long.MIN_VALUE + maxAgeMillis ? Long.MIN_VALUE : nowMillis - maxAgeMillis;
    }

    /** ISO-8601 with an offset as epoch milliseconds, or null when the text is not one. */
    static Long isoMillis(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    /** The latest acceptable {@code ts} for a message received at {@code nowMillis} (contract §1: 10 s ahead). */
    static long notAfter(long nowMillis) {
        return nowMillis + FUTURE_TOLERANCE_MILLIS;
    }

    record Result(long millis, Rejection rejection) {
        static Result rejected(Rejection rejection) {
            return new Result(0, rejection);
        }
    }
}
