package org.ecmomonitor.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.ecmomonitor.alerts.InMemoryAuditLog;
import org.ecmomonitor.dashboards.http.HttpReply;
import org.ecmomonitor.ingest.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP server's bounds over real sockets: Host allow-list, connections, header-read and idle time, pipelining. */
class HttpBoundsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T08:00:00Z"));
    private final CountDownLatch fastDone = new CountDownLatch(1);
    @TempDir
    Path dir;
    private ApiServer server;

    private void start(UnaryOperator<HttpConfig> config) throws Exception {
        server = new ApiServer(dir, new InMemoryAuditLog(), clock, new LatestValues(), routes -> {
            routes.open(HttpMethod.GET, "/slow", c -> {
                fastDone.await(5, TimeUnit.SECONDS);
                return HttpReply.text(HttpResponseStatus.OK, "text/plain", "slow");
            });
            routes.open(HttpMethod.GET, "/fast", c -> {
                fastDone.countDown();
                return HttpReply.text(HttpResponseStatus.OK, "text/plain", "fast");
            });
        }, config);
    }

    private static HttpConfig with(HttpConfig c, List<String> hosts, int maxConnections, int headerSeconds,
                                   int idleSeconds) {
        return new HttpConfig(c.bind(), c.port(), c.maxBodyBytes(), c.sessionIdle(), c.secureCookie(), hosts,
                maxConnections, headerSeconds, idleSeconds);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private double closed(String reason) {
        return server.meters.get("ecmo.http.connections.closed").tag("reason", reason).counter().count();
    }

    @Test
    void pipelinedRequestsAreAnsweredInTheOrderTheyCameEvenWhenTheFirstIsSlower() throws Exception {
        start(c -> c);
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.write(RawHttp.get("/slow", "127.0.0.1") + RawHttp.get("/fast", "127.0.0.1")
                    + RawHttp.get("/nope", "127.0.0.1"));
            List<RawHttp.Response> replies = raw.readAll(3);
            assertThat(replies).extracting(RawHttp.Response::body).containsExactly("slow", "fast", "Not Found\n");
        }
    }

    @Test
    void aRequestForAnotherHostIsRefusedWith421AndOneWithoutHostWith400() throws Exception {
        start(c -> with(c, List.of("ecmo.icu.example"), 100, 10, 120));
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.write(RawHttp.get("/fast", "rebound.evil.example:" + server.port()));
            RawHttp.Response r = raw.read();
            assertThat(r.status()).isEqualTo(421);
            assertThat(r.body()).contains("http_allowed_hosts");
            assertThat(raw.closedByServer()).isTrue();
        }
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.write("GET /fast HTTP/1.0\r\n\r\n");
            assertThat(raw.read().status()).isEqualTo(400);
        }
        for (String host : List.of("ECMO.icu.example", "localhost:" + server.port(), "127.0.0.1", "[::1]:80")) {
            try (RawHttp raw = new RawHttp(server.port())) {
                raw.write(RawHttp.get("/fast", host));
                assertThat(raw.read().status()).as(host).isEqualTo(200);
            }
        }
        assertThat(server.meters.get("ecmo.http.requests.refused").tag("reason", "host").counter().count())
                .isEqualTo(2);
    }

    @Test
    void aWebSocketHandshakeForAnotherHostIsRefused() throws Exception {
        start(c -> c);
        ApiServer.Client nurse = server.signIn(org.ecmomonitor.dashboards.auth.Role.NURSE);
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.write("GET /ws HTTP/1.1\r\nHost: rebound.evil.example\r\nCookie: " + nurse.cookie()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n");
            assertThat(raw.read().status()).isEqualTo(421);
        }
    }

    @Test
    void connectionsPastTheLimitAreClosedAtOnce() throws Exception {
        start(c -> with(c, List.of(), 2, 10, 120));
        List<RawHttp> open = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                RawHttp raw = new RawHttp(server.port());
                open.add(raw);
                raw.write(RawHttp.get("/fast", "127.0.0.1"));
                assertThat(raw.read().status()).isEqualTo(200);
            }
            try (RawHttp third = new RawHttp(server.port())) {
                assertThat(third.closedByServer()).isTrue();
            }
            assertThat(closed("max_connections")).isEqualTo(1);
            open.remove(0).close();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                try (RawHttp again = new RawHttp(server.port())) {
                    again.write(RawHttp.get("/fast", "127.0.0.1"));
                    RawHttp.Response r = again.read();
                    assertThat(r).isNotNull();
                    assertThat(r.status()).isEqualTo(200);
                }
            });
        } finally {
            for (RawHttp r : open) {
                r.close();
            }
        }
    }

    @Test
    void headersTricklingInSlowerThanTheHeaderReadTimeAreCutOff() throws Exception {
        start(c -> with(c, List.of(), 100, 1, 120));
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.write("GET /fast HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            trickle.scheduleAtFixedRate(() -> {
                try {
                    raw.write("X");
                } catch (Exception e) {
                    // the server closed the connection, as it should
                }
            }, 200, 200, TimeUnit.MILLISECONDS);
            long started = System.nanoTime();
            assertThat(raw.closedByServer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        } finally {
            trickle.shutdownNow();
        }
        assertThat(closed("header_timeout")).isEqualTo(1);
    }

    @Test
    void aKeptAliveConnectionMayWaitBetweenRequestsUntilItsIdleTime() throws Exception {
        start(c -> with(c, List.of(), 100, 1, 2));
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.write(RawHttp.get("/fast", "127.0.0.1"));
            assertThat(raw.read().status()).isEqualTo(200);
            long started = System.nanoTime();
            assertThat(raw.closedByServer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(1500));
        }
        assertThat(closed("idle")).isEqualTo(1);
        assertThat(closed("header_timeout")).isZero();
    }

    @Test
    void aSilentConnectionIsClosedAfterItsIdleTime() throws Exception {
        start(c -> with(c, List.of(), 100, 10, 1));
        try (RawHttp raw = new RawHttp(server.port())) {
            assertThat(raw.closedByServer()).isTrue();
        }
        assertThat(closed("idle")).isEqualTo(1);
    }
}
