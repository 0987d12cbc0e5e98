package org.ecmomonitor.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one path every collector feeds: topic and authorisation checks, parsing to canonical samples, counting,
 * dead-lettering, and durable storage. {@link #submit} never blocks and never throws on device input; its future
 * completes once everything the message yielded (samples, context, dead letter) is durable, and fails when it
 * could not be stored (the collector must then not acknowledge).
 *
 * <p>Listeners (the rule engine, the live board) hear a message's samples and context as soon as the message is
 * taken for storage, not once it is stored: a store that is slow (InfluxDB over HTTP, an fsync stall) or down for a
 * while delays the device's acknowledgement, not the alarm. A message the pipeline refuses (queue full) is not
 * heard, and the device sends it again.
 *
 * <p>A sample already taken (alert-rules.md Time 6: an MQTT QoS 1 redelivery, a gateway resending; see
 * {@link DuplicateFilter}) is dropped before the writer and the listeners: stored once, judged once, counted per
 * feed as {@code duplicates} (not a rejection). Its message is still acknowledged, once what was queued before it
 * is durable.
 */
public final class IngestPipeline implements AutoCloseable, HealthCheck {
    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
    /** Refusing ends once a message is taken this long after the last one refused (no flapping at the edge). */
    static final long REFUSING_SETTLES_MILLIS = 1_000;
    /** Feed name for messages whose topic names no usable device. */
    public static final String UNKNOWN_FEED = "_unknown";
    /** {@link InboundMessage#source()} of a clinician's context edit through the API. */
    public static final String HTTP_SOURCE = "http";

    private final Clock clock;
    private final PayloadParser parser;
    private final ContextTimes contextTimes;
    private final ContextRepository contexts;
    private final DuplicateFilter duplicates = new DuplicateFilter();
    private final FeedRegistry feeds;
    private final SignalSources sources;
    private final FeedMonitor monitor;
    private final BedBound beds;
    private final RejectLog rejectLog;
    private final DurableWriter writer;
    private final MeterRegistry meters;
    private final Map<String, Counter> messageCounters = new ConcurrentHashMap<>();
    private final Map<String, Counter> duplicateCounters = new ConcurrentHashMap<>();
    private final Map<String, Counter> notJudgedCounters = new ConcurrentHashMap<>();
    private final Counter acceptedSamples;
    private final List<IngestListener> listeners = new CopyOnWriteArrayList<>();
    /** Whether messages are being refused (queue full); back to false a second after the last refusal. */
    private final AtomicBoolean refusing = new AtomicBoolean();
    private volatile long lastRefusedMillis;

    public IngestPipeline(Clock clock, FeedRegistry feeds, FeedMonitor monitor, SampleStore store,
                          ContextRepository contexts, DeadLetterLog deadLetters, IngestConfig config,
                          MeterRegistry meters) {
        this.clock = clock;
        this.feeds = feeds;
        this.sources = new SignalSources(feeds::configuredSources);
        this.monitor = monitor;
        this.meters = meters;
        this.rejectLog = new RejectLog(clock, meters);
        this.parser = new PayloadParser(config.retention());
        this.contexts = contexts;
        this.contextTimes = new ContextTimes(contexts.currentSince());
        this.beds = new BedBound(feeds, config.maxBeds(), contexts.current().keySet());
        this.writer = new DurableWriter(store, contexts, deadLetters, config.queueCapacity(),
                config.maxBatchSamples(), config.maxRetryBackoffMillis(), meters);
        this.acceptedSamples = Counter.builder("ecmo.ingest.samples")
                .description("samples accepted (valid or flagged artifact)").register(meters);
    }

    public void addListener(IngestListener listener) {
        listeners.add(listener);
    }

    public void start() {
        writer.start();
    }

    public CompletableFuture<Delivery> submit(InboundMessage msg) {
        long now = clock.millis();
        messageCounters.computeIfAbsent(msg.source(), s -> Counter.builder("ecmo.ingest.messages")
                .description("messages received, by collector").tag("source", s).register(meters)).increment();
        Topic topic = Topic.parse(msg.topic()).orElse(null);
        ParseResult result;
        String feed;
        if (topic == null) {
            feed = msg.signedInDevice() != null ? msg.signedInDevice() : UNKNOWN_FEED;
            result = ParseResult.rejected(Rejection.ofMessage(RejectReason.BAD_TOPIC, "topic '"
                    + Fields.clip(msg.topic()) + "' is not icu/{bed}/{device} or icu/{bed}/context"));
        } else {
            feed = topic.isContext() && msg.signedInDevice() != null ? msg.signedInDevice() : topic.device();
            String refusal = FeedAuthority.refusal(feeds, msg, topic);
            String overLimit = refusal == null ? overLimit(topic) : null;
            result = refusal != null ? ParseResult.rejected(Rejection.ofMessage(RejectReason.UNAUTHORIZED, refusal))
                    : overLimit != null ? ParseResult.rejected(Rejection.ofMessage(RejectReason.LIMIT_EXCEEDED,
                            overLimit))
                    : contextTimes.admit(authored(parser.parse(topic, msg.payload(), feeds.aliases(topic.device()),
                            now), msg), msg.source().equals(HTTP_SOURCE));
            if (refusal != null && topic.isContext()) {
                LOG.warn("context for bed {} refused: {}", topic.bed(), refusal);
            }
        }
        String key = monitor.key(feed);
        monitor.recordRejections(key, result.rejections());
        DeadLetter letter = null;
        if (!result.rejections().isEmpty()) {
            rejectLog.record(key, msg.topic(), result.rejections());
            letter = new DeadLetter(now, msg.source(), msg.topic(), key, result.rejections(), msg.payload(),
                    msg.payload().length);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        DeadLetter deadLetter = letter;
        // Queued even when every sample is a duplicate: its acknowledgement then waits, in order, for what was
        // queued before it (the first copy, maybe) to be durable.
        DuplicateFilter.Outcome samples = duplicates.filter(result.samples(), now,
                taken -> writer.offer(new DurableWriter.Pending(taken, result.contexts(), deadLetter, done)));
        monitor.recordMessage(key, topic == null ? null : topic.bed(), samples.taken());
        acceptedSamples.increment(samples.taken().size());
        if (!samples.remembered()) {
            List<Rejection> overloaded = List.of(Rejection.ofMessage(RejectReason.OVERLOADED,
                    "write queue full; the message was not taken"));
            rejectLog.record(key, msg.topic(), overloaded);
            monitor.recordRejections(key, overloaded);
            lastRefusedMillis = now;
            if (refusing.compareAndSet(false, true)) {
                LOG.error("ingest is refusing device messages: the write queue is full ({})", writer.storeUp()
                        ? "the store is too slow" : "store down: " + writer.storeProblem());
                tellRefusing(true, now);
            }
            return CompletableFuture.failedFuture(new StoreException("ingest queue full"));
        }
        if (refusing.get() && now - lastRefusedMillis >= REFUSING_SETTLES_MILLIS
                && refusing.compareAndSet(true, false)) {
            LOG.info("ingest takes device messages again");
            tellRefusing(false, now);
        }
        countDuplicates(key, samples.dropped().size());
        tell(samples.taken(), result.contexts(), now);
        int accepted = samples.taken().size() + result.contexts().size();
        RejectReason first = result.rejections().isEmpty() ? null : result.rejections().get(0).reason();
        Delivery delivery = new Delivery(accepted, result.rejections().size(), first, samples.dropped().size());
        return done.thenApply(v -> delivery);
    }

    private void countDuplicates(String feed, int n) {
        if (n == 0) {
            return;
        }
        monitor.recordDuplicates(feed, n);
        duplicateCounters.computeIfAbsent(feed, f -> Counter.builder("ecmo.ingest.duplicates")
                .description("samples dropped as duplicates of ones already taken (stored and judged once), by feed")
                .tag("feed", f).register(meters)).increment(n);
    }

    /** Counts a packet a collector could not even read (too large, malformed MQTT) against a feed. */
    public void rejectUnreadable(String source, String feed, String topic, RejectReason reason, String detail,
                                 int size) {
        String key = monitor.key(feed == null ? UNKNOWN_FEED : feed);
        List<Rejection> r = List.of(Rejection.ofMessage(reason, detail));
        monitor.recordRejections(key, r);
        rejectLog.record(key, topic == null ? "-" : topic, r);
        writer.offer(new DurableWriter.Pending(List.of(), List.of(),
                new DeadLetter(clock.millis(), source, topic == null ? "-" : topic, key, r, null, size),
                new CompletableFuture<>()));
    }

    /** Listeners hear the samples of each signal's source as samples, the others apart (one source per signal). */
    private void tell(List<Sample> samples, List<ContextUpdate> contexts, long receivedMillis) {
        SignalSources.Split split = sources.split(samples, receivedMillis);
        tellAll(l -> {
            for (ContextUpdate u : contexts) {
                l.onContext(u, receivedMillis);
            }
            if (!split.judged().isEmpty()) {
                l.onSamples(split.judged(), receivedMillis);
            }
            if (!split.notices().isEmpty()) {
                l.onOtherSources(split.notJudged(), split.notices(), receivedMillis);
            }
        });
        for (Sample s : split.notJudged()) {
            notJudgedCounters.computeIfAbsent(s.device(), d -> Counter.builder("ecmo.ingest.not.judged")
                    .description("samples stored but not judged: another device is the bed's source of the signal,"
                            + " by the sending device").tag("feed", d).register(meters)).increment();
        }
    }

    private void tellRefusing(boolean now, long atMillis) {
        sources.hold(now, atMillis);
        tellAll(l -> l.onRefusing(now, atMillis));
    }

    /** Tells every listener; one that throws is logged and does not keep the others from hearing it. */
    private void tellAll(Consumer<IngestListener> message) {
        for (IngestListener l : listeners) {
            try {
                message.accept(l);
            } catch (RuntimeException e) {
                LOG.error("ingest listener {} failed", l, e);
            }
        }
    }

    /** A bed's context changes, newest first, each with who made it (device, site broker or user). */
    public List<ContextChange> contextHistory(String bed, int limit) throws StoreException {
        return contexts.history(bed, limit);
    }

    /** Whether ingest is refusing device messages now (its write queue full). */
    public boolean refusing() {
        return refusing.get();
    }

    /** Null when the bounds on devices and beds let the message in, else why not. */
    private String overLimit(Topic topic) {
        if (!topic.isContext() && FeedMonitor.OTHER.equals(monitor.key(topic.device()))) {
            return "device " + topic.device() + " is new and ingest already tracks its maximum of unconfigured"
                    + " devices (ingest_max_devices); configure a feed for it";
        }
        if (!beds.admit(topic.bed())) {
            return "bed " + topic.bed() + " is new and ingest already takes data for " + beds.max()
                    + " beds (ingest_max_beds)";
        }
        return null;
    }

    /** Context updates carry who made them into the context history (issue 14). */
    private static ParseResult authored(ParseResult parsed, InboundMessage msg) {
        if (parsed.contexts().isEmpty()) {
            return parsed;
        }
        String who = msg.author();
        return new ParseResult(parsed.samples(), parsed.contexts().stream().map(u -> u.changedBy(who)).toList(),
                parsed.rejections());
    }

    @Override
    public ComponentHealth health() {
        if (refusing.get()) {
            return ComponentHealth.down("ingest", "refusing device messages: write queue full ("
                    + (writer.storeUp() ? "store too slow" : "store writes failing: " + writer.storeProblem()) + ")");
        }
        return writer.storeUp()
                ? ComponentHealth.up("ingest", "writing; " + writer.queueDepth() + " message(s) queued")
                : ComponentHealth.down("ingest", "store writes failing: " + writer.storeProblem());
    }

    @Override
    public void close() {
        writer.close();
    }
}
