package org.ecmomonitor.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ecmomonitor.ingest.DeadLetterLog;
import org.ecmomonitor.ingest.FatalErrors;
import org.ecmomonitor.ingest.FeedMonitor;
import org.ecmomonitor.ingest.FeedRegistry;
import org.ecmomonitor.ingest.FlakyStore;
import org.ecmomonitor.ingest.InMemoryContexts;
import org.ecmomonitor.ingest.InMemoryFeeds;
import org.ecmomonitor.ingest.IngestConfig;
import org.ecmomonitor.ingest.IngestPipeline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bounds that act before any MQTT packet is read, over real sockets: connections, and the CONNECT deadline. */
class MqttEndpointLimitsTest {
    @TempDir
    Path dir;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<Socket> sockets = new ArrayList<>();
    private DeadLetterLog deadLetters;
    private IngestPipeline pipeline;
    private MqttEndpoint endpoint;
    private InetSocketAddress address;

    private void start(int maxConnections, int connectTimeoutSeconds) throws Exception {
        FeedRegistry feeds = new FeedRegistry(new InMemoryFeeds());
        deadLetters = new DeadLetterLog(dir, 1 << 20, 2);
        pipeline = new IngestPipeline(Clock.systemUTC(), feeds, new FeedMonitor(Clock.systemUTC(), feeds),
                new FlakyStore(), new InMemoryContexts(), deadLetters, new IngestConfig(100, 100, 20), meters);
        pipeline.start();
        endpoint = new MqttEndpoint(new MqttEndpointConfig("127.0.0.1", 0, 4096, 4, 60, connectTimeoutSeconds,
                MqttEndpointConfig.Anonymous.REFUSED, new MqttLimits(128, maxConnections, 1 << 20, 5, 2000, 8)),
                feeds, pipeline, Clock.systemUTC(), meters, new FatalErrors());
        address = endpoint.start();
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (endpoint != null) {
            endpoint.close();
            pipeline.close();
            deadLetters.close();
        }
    }

    private Socket open() throws IOException {
        Socket s = new Socket(address.getAddress(), address.getPort());
        s.setSoTimeout(100);
        sockets.add(s);
        return s;
    }

    /** True once the server has closed the connection (end of stream or reset). */
    private static boolean closedByServer(Socket s) {
        try {
            return s.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private double refused(String reason) {
        return meters.get("ecmo.mqtt.refused").tag("reason", reason).counter().count();
    }

    @Test
    void aConnectionPastTheListenersBoundIsClosedAtOnceAndCounted() throws Exception {
        start(2, 30);
        Socket first = open();
        Socket second = open();
        Socket third = open();
        await().atMost(Duration.ofSeconds(5)).until(() -> closedByServer(third));
        assertThat(closedByServer(first)).isFalse();
        assertThat(closedByServer(second)).isFalse();
        assertThat(refused("connections_full")).isEqualTo(1);
        first.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            Socket again = open();
            return !closedByServer(again) && meters.get("ecmo.mqtt.connections").gauge().value() == 2;
        });
    }

    @Test
    void aConnectTricklingInByteByByteIsClosedAtTheDeadline() throws Exception {
        start(10, 1);
        Socket slow = open();
        long opened = System.nanoTime();
        // a CONNECT's fixed header, one byte at a time: the reader never goes idle, the deadline still holds
        byte[] connect = {0x10, 0x7F, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3C};
        int[] sent = {0};
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (sent[0] < connect.length) {
                try {
                    slow.getOutputStream().write(connect[sent[0]++]);
                } catch (IOException e) {
                    return true;
                }
            }
            return closedByServer(slow);
        });
        assertThat(Duration.ofNanos(System.nanoTime() - opened)).isLessThan(Duration.ofSeconds(3));
        assertThat(refused("connect_timeout")).isEqualTo(1);
    }
}
