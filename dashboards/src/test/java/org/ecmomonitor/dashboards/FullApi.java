package org.ecmomonitor.dashboards;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.ecmomonitor.alerts.AlertEngine;
import org.ecmomonitor.alerts.EscalationPolicy;
import org.ecmomonitor.alerts.InMemoryAlertRepository;
import org.ecmomonitor.alerts.InMemoryAuditLog;
import org.ecmomonitor.alerts.LiveAlerts;
import org.ecmomonitor.ingest.DeadLetterLog;
import org.ecmomonitor.ingest.FeedMonitor;
import org.ecmomonitor.ingest.FeedRegistry;
import org.ecmomonitor.ingest.InMemoryContexts;
import org.ecmomonitor.ingest.InMemoryFeeds;
import org.ecmomonitor.ingest.InboundMessage;
import org.ecmomonitor.ingest.IngestConfig;
import org.ecmomonitor.ingest.IngestPipeline;
import org.ecmomonitor.ingest.sqlite.SqliteSampleStore;

/**
 * Every API route over real HTTP, wired as the monitor wires them: an ingest pipeline into an embedded SQLite
 * store, the live alert engine, the board's latest values and the live feed. The devices' clock offsets that the
 * feed console shows are {@link #clockOffsets}, set by the test, where the monitor gives the engine's estimates.
 */
final class FullApi implements AutoCloseable {
    final InMemoryAlertRepository alertRepository = new InMemoryAlertRepository();
    final InMemoryAuditLog audit = new InMemoryAuditLog();
    final FeedRegistry feeds = new FeedRegistry(new InMemoryFeeds());
    final FeedMonitor feedMonitor;
    final DeadLetterLog deadLetters;
    final SqliteSampleStore store;
    final IngestPipeline pipeline;
    final LiveAlerts alerts;
    final ApiServer server;
    final Map<String, Long> clockOffsets = new java.util.concurrent.ConcurrentHashMap<>();

    FullApi(Path dir, Clock clock) throws Exception {
        feedMonitor = new FeedMonitor(clock, feeds);
        deadLetters = new DeadLetterLog(dir.resolve("deadletter"), 1 << 20, 2);
        store = new SqliteSampleStore(dir.resolve("samples.db"), clock, Duration.ofDays(30));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        pipeline = new IngestPipeline(clock, feeds, feedMonitor, store, new InMemoryContexts(), deadLetters,
                IngestConfig.DEFAULTS, meters);
        pipeline.start();
        alerts = new LiveAlerts(new AlertEngine(alertRepository, audit, Map.of(), EscalationPolicy.DEFAULT,
                clock.millis()), clock, meters);
        pipeline.addListener(alerts);
        alerts.start(Map.of());
        LatestValues latest = new LatestValues();
        server = new ApiServer(dir, audit, clock, latest, routes -> {
            AlertRoutes.register(routes, alertRepository, new MonitoredTime(store, clock), clock);
            AlertActionRoutes.register(routes, alerts);
            new BedRoutes(latest, alertRepository, audit, store, pipeline, clock).register(routes);
            new FeedRoutes(feeds, feedMonitor, deadLetters, audit, () -> Map.copyOf(clockOffsets), clock)
                    .register(routes);
            new PageRoutes().register(routes);
        });
        pipeline.addListener(latest);
        alerts.addListener(server.liveFeed);
    }

    /**
     * Publishes as a device would (context as the trusted site broker would: anonymous context is refused), and
     * waits until it is stored.
     */
    void publish(String topic, String payload) throws Exception {
        boolean context = topic.endsWith("/context");
        pipeline.submit(new InboundMessage(topic, payload.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                context ? "broker" : "mqtt", null, context)).get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        server.close();
        alerts.close();
        pipeline.close();
        store.close();
        deadLetters.close();
    }
}
