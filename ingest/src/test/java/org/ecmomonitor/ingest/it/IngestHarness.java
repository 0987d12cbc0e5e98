package org.ecmomonitor.ingest.it;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import org.ecmomonitor.ingest.DeadLetterLog;
import org.ecmomonitor.ingest.FeedMonitor;
import org.ecmomonitor.ingest.FeedRegistry;
import org.ecmomonitor.ingest.InMemoryFeeds;
import org.ecmomonitor.ingest.IngestConfig;
import org.ecmomonitor.ingest.IngestPipeline;
import org.ecmomonitor.ingest.SampleStore;
import org.ecmomonitor.ingest.mqtt.MqttEndpoint;
import org.ecmomonitor.ingest.mqtt.MqttEndpointConfig;
import org.ecmomonitor.ingest.sqlite.SqliteContextRepository;

/** The ingest side as the app wires it: pipeline over a given store, and the MQTT endpoint on a free port. */
final class IngestHarness implements AutoCloseable {
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final FeedRegistry feeds = new FeedRegistry(new InMemoryFeeds());
    final FeedMonitor monitor = new FeedMonitor(Clock.systemUTC(), feeds);
    final SampleStore store;
    final DeadLetterLog deadLetters;
    final SqliteContextRepository contexts;
    final IngestPipeline pipeline;
    MqttEndpoint endpoint;

    IngestHarness(Path dir, SampleStore store) throws Exception {
        this.store = store;
        this.deadLetters = new DeadLetterLog(dir.resolve("deadletter"), 1 << 20, 2);
        this.contexts = new SqliteContextRepository(dir.resolve("monitor.db"));
        this.pipeline = new IngestPipeline(Clock.systemUTC(), feeds, monitor, store, contexts, deadLetters,
                new IngestConfig(10_000, 5_000, 200), meters);
        pipeline.start();
    }

    /** Starts the endpoint and returns its tcp:// URL. */
    String startEndpoint() throws InterruptedException {
        endpoint = new MqttEndpoint(new MqttEndpointConfig("127.0.0.1", 0, 66_560, 32, 60, 10, true), feeds,
                pipeline, Clock.systemUTC(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                new org.ecmomonitor.ingest.FatalErrors());
        InetSocketAddress a = endpoint.start();
        return "tcp://127.0.0.1:" + a.getPort();
    }

    @Override
    public void close() {
        if (endpoint != null) {
            endpoint.close();
        }
        pipeline.close();
        store.close();
        deadLetters.close();
        contexts.close();
    }
}
