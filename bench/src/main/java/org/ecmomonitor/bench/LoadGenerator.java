package org.ecmomonitor.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * N virtual beds, one MQTT connection each, publishing open loop on a fixed schedule (never waiting for the server):
 * each second a console batch (ecmo_flow, ecmo_speed, map, sbp, dbp, dpc_flow), every 4 s both legs' NIRS, a lactate
 * every hour; a share of beds is scripted to alternate lactate 4.5 and 1.5 mmol/L every 20 s, which raises
 * LACTATE_HIGH (and LACTATE_RISING) at known instants. Beds are spread evenly over the second. With {@code single},
 * every sample is a message of its own.
 */
final class LoadGenerator implements AutoCloseable {
    static final int SCRIPT_PERIOD_SECONDS = 20;

    /** A raise the rule pack must produce: bed, rule, and the instant (the lab sample's ts, epoch ms). */
    record Expected(String bed, String rule, long atMillis) {
    }

    private final String host;
    private final int port;
    private final int beds;
    private final boolean single;
    private final int scriptEvery;
    private final Measurements measurements;
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final List<BedConnection> connections = new ArrayList<>();
    private final List<ScheduledFuture<?>> schedules = new ArrayList<>();
    final Map<Expected, Boolean> expected = new ConcurrentHashMap<>();

    /** @param scriptedShare the share of beds scripted to cross alert thresholds (0..1) */
    LoadGenerator(String host, int port, int beds, boolean single, double scriptedShare, Measurements measurements) {
        this.host = host;
        this.port = port;
        this.beds = beds;
        this.single = single;
        this.scriptEvery = scriptedShare <= 0 ? Integer.MAX_VALUE : (int) Math.max(1, Math.round(1 / scriptedShare));
        this.measurements = measurements;
    }

    static String bed(int i) {
        return "B" + i;
    }

    boolean scripted(int i) {
        return i % scriptEvery == 0;
    }

    /** Connects every bed (at most 200 handshakes in flight), then returns. */
    void connect() throws Exception {
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true);
        List<BedConnection> pending = new ArrayList<>();
        for (int i = 0; i < beds; i++) {
            BedConnection c = new BedConnection("bench-" + bed(i), measurements);
            b.clone().handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new MqttDecoder(), MqttEncoder.INSTANCE, c);
                }
            }).connect(host, port);
            connections.add(c);
            pending.add(c);
            if (pending.size() == 200) {
                for (BedConnection p : pending) {
                    p.connected.get(30, TimeUnit.SECONDS);
                }
                pending.clear();
            }
        }
        for (BedConnection p : pending) {
            p.connected.get(30, TimeUnit.SECONDS);
        }
    }

    private long originMillis;
    private long originNanos;

    /** Starts every bed's schedule, second k of bed i at start + i/N s + k s. */
    void start(long startMillis, long startNanos) {
        originMillis = startMillis;
        originNanos = startNanos;
        resume();
    }

    /**
     * Starts (again) every bed's schedule on the same grid, from the next second due: after a reconnect storm the
     * scripted lactate cycle goes on where it was, so the expected alerts stay exact.
     */
    void resume() {
        long startMillis = originMillis;
        long startNanos = originNanos;
        for (int i = 0; i < beds; i++) {
            int bed = i;
            long phase = i * 1000L / beds;
            long first = Math.max(0, -Math.floorDiv(-(System.currentTimeMillis() - startMillis - phase), 1000L));
            long delay = Math.max(0, startMillis + phase + first * 1000 - System.currentTimeMillis());
            BedConnection c = connections.get(i);
            long[] k = {first};
            schedules.add(group.next().scheduleAtFixedRate(() -> {
                long offset = phase + k[0] * 1000;
                second(bed, c, k[0], startMillis + offset, startNanos + offset * 1_000_000);
                k[0]++;
            }, delay, 1000, TimeUnit.MILLISECONDS));
        }
    }

    private void second(int i, BedConnection c, long k, long ts, long nanos) {
        String bed = bed(i);
        double wobble = ((i * 31 + k * 17) % 11 - 5) / 100.0;
        send(c, "icu/" + bed + "/console", nanos, sample("ecmo_flow", ts, 4.0 + wobble / 2, "L/min"),
                sample("ecmo_speed", ts, 3200, "rpm"), sample("map", ts, 75 + wobble * 10, "mmHg"),
                sample("sbp", ts, 98 + wobble * 10, "mmHg"), sample("dbp", ts, 63 + wobble * 10, "mmHg"),
                sample("dpc_flow", ts, 160 + wobble * 20, "mL/min"));
        if ((k + i) % 4 == 0) {
            send(c, "icu/" + bed + "/nirs", nanos, sample("nirs_left", ts, 68, "%"),
                    sample("nirs_right", ts, 70, "%"));
        }
        if (scripted(i)) {
            if (k >= 10 && (k - 10) % SCRIPT_PERIOD_SECONDS == 0) {
                boolean high = ((k - 10) / SCRIPT_PERIOD_SECONDS) % 2 == 0;
                if (high) {
                    expected.put(new Expected(bed, "LACTATE_HIGH", ts), Boolean.TRUE);
                    if (k >= 10 + 2 * SCRIPT_PERIOD_SECONDS) {
                        expected.put(new Expected(bed, "LACTATE_RISING", ts), Boolean.TRUE);
                    }
                }
                send(c, "icu/" + bed + "/lab", nanos, sample("lactate", ts, high ? 4.5 : 1.5, "mmol/L"));
            }
        } else if (k % 3600 == 5 + i % 60) {
            send(c, "icu/" + bed + "/lab", nanos, sample("lactate", ts, 1.2, "mmol/L"));
        }
    }

    private void send(BedConnection c, String topic, long nanos, String... samples) {
        if (single || samples.length == 1) {
            for (String s : samples) {
                c.publish(topic, s.getBytes(StandardCharsets.UTF_8), 1, nanos);
            }
        } else {
            c.publish(topic, ("{\"samples\":[" + String.join(",", samples) + "]}").getBytes(StandardCharsets.UTF_8),
                    samples.length, nanos);
        }
    }

    private static String sample(String signal, long ts, double value, String unit) {
        return "{\"ts\":" + ts + ",\"signal\":\"" + signal + "\",\"value\":" + Math.round(value * 100) / 100.0
                + ",\"unit\":\"" + unit + "\"}";
    }

    /** Drops every connection at once and connects them again (a reconnect storm); returns how long it took. */
    long reconnectStorm() throws Exception {
        long t0 = System.nanoTime();
        for (ScheduledFuture<?> s : schedules) {
            s.cancel(false);
        }
        schedules.clear();
        connections.forEach(BedConnection::close);
        connections.clear();
        connect();
        return (System.nanoTime() - t0) / 1_000_000;
    }

    void stop() {
        schedules.forEach(s -> s.cancel(false));
        schedules.clear();
    }

    @Override
    public void close() {
        stop();
        connections.forEach(BedConnection::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
