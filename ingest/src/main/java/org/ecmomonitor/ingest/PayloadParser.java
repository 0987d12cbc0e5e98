package org.ecmomonitor.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses contract §1 payloads (one sample, a batch, or a context message) into canonical samples. Device input
 * never makes it throw: every problem is a {@link Rejection} naming the field, and the good items of a batch are
 * kept.
 */
public final class PayloadParser {
    /** Contract §1: a payload is at most 64 KiB. */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    private static final ObjectMapper JSON = strictMapper();

    /** {@code retention_days}' default: what a parser made without a retention refuses as too old. */
    public static final java.time.Duration DEFAULT_MAX_AGE = java.time.Duration.ofDays(30);

    private final SampleReader reader = new SampleReader();
    private final ContextReader contextReader = new ContextReader();
    private final long maxAgeMillis;

    public PayloadParser() {
        this(DEFAULT_MAX_AGE);
    }

    /**
     * @param maxAge a live sample or context whose {@code ts} is older than this by the server clock is refused as
     *     {@code old_ts} (the store keeps nothing older: {@code retention_days}); a lab drawn hours ago is fine
     */
    public PayloadParser(java.time.Duration maxAge) {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive, got " + maxAge);
        }
        this.maxAgeMillis = maxAge.toMillis();
    }

    /** The earliest {@code ts} taken in a message received at {@code receivedMillis}. */
    public long notBefore(long receivedMillis) {
        return TimestampReader.notBefore(receivedMillis, maxAgeMillis);
    }

    /**
     * Parses a live message received at {@code nowMillis} (server clock): samples more than 10 s ahead of it are
     * rejected, and a context message without {@code ts} takes effect now.
     *
     * @param aliases the feed's signal aliases (alias → canonical signal); canonical names always work
     */
    public ParseResult parse(Topic topic, byte[] payload, Map<String, Signal> aliases, long nowMillis) {
        long notAfterMillis = TimestampReader.notAfter(nowMillis);
        long notBeforeMillis = notBefore(nowMillis);
        if (payload.length > MAX_PAYLOAD_BYTES) {
            return ParseResult.rejected(Rejection.ofMessage(RejectReason.OVERSIZE,
                    "payload of " + payload.length + " bytes is over the limit of " + MAX_PAYLOAD_BYTES));
        }
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (IOException e) {
            return ParseResult.rejected(Rejection.ofMessage(RejectReason.MALFORMED_JSON, firstLine(e.getMessage())));
        }
        if (root == null || !root.isObject()) {
            return ParseResult.rejected(Rejection.ofMessage(RejectReason.NOT_AN_OBJECT,
                    "payload must be a JSON object, got " + (root == null ? "nothing" : root.getNodeType())));
        }
        if (topic.isContext()) {
            return contextReader.read(topic.bed(), root, nowMillis, notBeforeMillis, notAfterMillis);
        }
        List<Sample> samples = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        JsonNode batch = root.get("samples");
        if (batch == null) {
            reader.read(topic, root, -1, aliases, notBeforeMillis, notAfterMillis, samples, rejections);
        } else if (!batch.isArray()) {
            rejections.add(Rejection.ofMessage(RejectReason.NOT_AN_OBJECT, "'samples' must be an array"));
        } else {
            for (int i = 0; i < batch.size(); i++) {
                reader.read(topic, batch.get(i), i, aliases, notBeforeMillis, notAfterMillis, samples, rejections);
            }
        }
        return new ParseResult(samples, List.of(), rejections);
    }

    /** Reads a JSON document under the same strict rules as device payloads (replay lines use this). */
    public static JsonNode readStrict(String json) throws IOException {
        return JSON.readTree(json);
    }

    /**
     * @param notBeforeMillis an earlier {@code ts} is rejected as {@code old_ts}
     * @param notAfterMillis a later {@code ts} is rejected as {@code future_ts}
     */
    public ParseResult parseSample(Topic topic, JsonNode item, Map<String, Signal> aliases, long notBeforeMillis,
                                   long notAfterMillis) {
        List<Sample> samples = new ArrayList<>(1);
        List<Rejection> rejections = new ArrayList<>(1);
        reader.read(topic, item, -1, aliases, notBeforeMillis, notAfterMillis, samples, rejections);
        return new ParseResult(samples, List.of(), rejections);
    }

    /**
     * @param defaultTsMillis when the context takes effect if it has no {@code ts}
     * @param notBeforeMillis an earlier {@code ts} is rejected as {@code old_ts}
     * @param notAfterMillis a later {@code ts} is rejected as {@code future_ts}
     */
    public ParseResult parseContext(String bed, JsonNode context, long defaultTsMillis, long notBeforeMillis,
                                    long notAfterMillis) {
        return contextReader.read(bed, context, defaultTsMillis, notBeforeMillis, notAfterMillis);
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unreadable JSON";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static ObjectMapper strictMapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(16)
                        .maxStringLength(MAX_PAYLOAD_BYTES)
                        .maxNumberLength(64)
                        .build())
                .build();
        factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        ObjectMapper mapper = new ObjectMapper(factory);
        mapper.enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        return mapper;
    }
}
