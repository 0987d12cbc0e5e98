package org.ecmomonitor.app;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ecmomonitor.alerts.AlertEngine;
import org.ecmomonitor.alerts.LiveAlerts;
import org.ecmomonitor.alerts.TimeSeriesAlertWriter;
import org.ecmomonitor.alerts.mqtt.MqttAlertPublisher;
import org.ecmomonitor.alerts.replay.Recorder;
import org.ecmomonitor.alerts.sqlite.SqliteAlertOutbox;
import org.ecmomonitor.alerts.sqlite.SqliteAlertRepository;
import org.ecmomonitor.dashboards.AdminRoutes;
import org.ecmomonitor.dashboards.AlertActionRoutes;
import org.ecmomonitor.dashboards.AlertRoutes;
import org.ecmomonitor.dashboards.AuthRoutes;
import org.ecmomonitor.dashboards.BedRoutes;
import org.ecmomonitor.dashboards.FeedRoutes;
import org.ecmomonitor.dashboards.HealthReport;
import org.ecmomonitor.dashboards.LatestValues;
import org.ecmomonitor.dashboards.MonitoredTime;
import org.ecmomonitor.dashboards.OperabilityRoutes;
import org.ecmomonitor.dashboards.PageRoutes;
import org.ecmomonitor.dashboards.auth.Accounts;
import org.ecmomonitor.dashboards.auth.Role;
import org.ecmomonitor.dashboards.http.SessionGate;
import org.ecmomonitor.dashboards.auth.Sessions;
import org.ecmomonitor.dashboards.sqlite.SqliteAccountRepository;
import org.ecmomonitor.dashboards.ws.LiveFeed;
import org.ecmomonitor.dashboards.http.HttpServer;
import org.ecmomonitor.dashboards.http.Routes;
import org.ecmomonitor.ingest.DeadLetterLog;
import org.ecmomonitor.ingest.FatalErrors;
import org.ecmomonitor.ingest.FeedMonitor;
import org.ecmomonitor.ingest.FeedRegistry;
import org.ecmomonitor.ingest.HealthCheck;
import org.ecmomonitor.ingest.IngestPipeline;
import org.ecmomonitor.ingest.SampleStore;
import org.ecmomonitor.ingest.SeriesCap;
import org.ecmomonitor.ingest.StoreException;
import org.ecmomonitor.ingest.influx.InfluxSampleStore;
import org.ecmomonitor.ingest.mqtt.MqttEndpoint;
import org.ecmomonitor.ingest.paho.PahoSubscriber;
import org.ecmomonitor.ingest.sqlite.SqliteContextRepository;
import org.ecmomonitor.ingest.sqlite.SqliteFeedRepository;
import org.ecmomonitor.ingest.sqlite.SqliteSampleStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part from the configuration, starts them in dependency order (stores,
 * pipeline, recorder, alert engine, HTTP, collectors) and closes them in reverse.
 */
public final class Monitor implements AutoCloseable {
    /** Where a fresh install's admin password is written (in the data folder). */
    public static final String INITIAL_ADMIN_PASSWORD_FILE = "initial-admin-password";
    private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);
    /** bcrypt work factor: about a quarter second per sign-in on a current server core. */
    private static final int BCRYPT_COST = 12;
    /** Alert events waiting for the time-series store; a storm of 100,000 is far beyond any ICU's. */
    private static final int ALERT_POINTS_QUEUE = 100_000;

    private final MonitorConfig config;
    private final Clock clock;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final FatalErrors fatalErrors = new FatalErrors();
    private InetSocketAddress mqttAddress;
    private InetSocketAddress httpAddress;
    private IngestPipeline pipeline;
    private SampleStore store;
    private FeedRegistry feeds;
    private FeedMonitor feedMonitor;
    private DeadLetterLog deadLetters;
    private LiveAlerts alerts;

    public Monitor(MonitorConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public synchronized void start() throws Exception {
        try {
            startAll();
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        // invented devices must not make unbounded series (issue 14); configured feeds fit under the cap
        metrics.config().meterFilter(new SeriesCap("feed", config.ingest().maxDevices() + config.feeds().size()));
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(metrics);
        started.push(gc);

        Files.createDirectories(config.dataDir());
        var monitorDb = config.dataDir().resolve("monitor.db");
        SqliteFeedRepository feedRepo = remember(new SqliteFeedRepository(monitorDb));
        SqliteContextRepository contexts = remember(new SqliteContextRepository(monitorDb));
        feeds = new FeedRegistry(feedRepo);
        feeds.applyConfigured(config.feeds());
        feedMonitor = new FeedMonitor(clock, feeds, config.ingest().maxDevices());
        store = remember(openStore());
        deadLetters = remember(new DeadLetterLog(config.dataDir().resolve("deadletter"),
                config.deadLetterMaxFileBytes(), config.deadLetterFiles()));

        pipeline = new IngestPipeline(clock, feeds, feedMonitor, store, contexts, deadLetters, config.ingest(),
                metrics);
        pipeline.start();
        started.push(pipeline);
        if (config.recordDir().isPresent()) {
            // first to hear ingest: the black box records what the rules are about to be told (contract §2)
            Recorder recorder = remember(new Recorder(config.recordDir().get(), config.recordDays(), clock, metrics));
            recorder.start(contexts.current());
            pipeline.addListener(recorder);
        }

        SqliteAlertRepository alertRepository = remember(new SqliteAlertRepository(monitorDb));
        AlertEngine engine = new AlertEngine(alertRepository, config.ruleVariables(), config.escalation(),
                clock.millis());
        TimeSeriesAlertWriter alertPoints = remember(new TimeSeriesAlertWriter(store, ALERT_POINTS_QUEUE, metrics));
        alertPoints.start();
        alerts = remember(new LiveAlerts(engine, clock, metrics));
        if (clock instanceof SteadyClock steady) {
            steady.onForwardJump(alerts::clockJumped);
        }
        alerts.addListener(alertPoints);
        Optional<MqttAlertPublisher> delivery = Optional.empty();
        if (config.alertBroker().isPresent()) {
            SqliteAlertOutbox outbox = remember(new SqliteAlertOutbox(monitorDb, config.alertOutboxMax()));
            MqttAlertPublisher publisher = remember(new MqttAlertPublisher(config.alertBroker().get(), outbox,
                    metrics));
            publisher.start();
            alerts.addListener(publisher);
            delivery = Optional.of(publisher);
        }
        pipeline.addListener(alerts);
        alerts.start(contexts.current());

        Accounts accounts = new Accounts(remember(new SqliteAccountRepository(monitorDb)), clock, BCRYPT_COST);
        ensureFirstAdmin(accounts);
        Sessions sessions = new Sessions(clock, config.http().sessionIdle());
        LatestValues latest = new LatestValues();
        primeBoard(latest, contexts);
        pipeline.addListener(latest);
        LiveFeed liveFeed = new LiveFeed(latest, sessions, clock, metrics);
        alerts.addListener(liveFeed);

        List<HealthCheck> checks = new ArrayList<>(List.of(fatalErrors, pipeline, store, alerts));
        delivery.ifPresent(checks::add);
        Optional<MqttEndpoint> endpoint = config.mqtt().map(c -> new MqttEndpoint(c, feeds, pipeline, clock, metrics,
                fatalErrors));
        Optional<PahoSubscriber> subscriber = config.broker().map(b -> new PahoSubscriber(b, pipeline));
        endpoint.ifPresent(checks::add);
        subscriber.ifPresent(checks::add);

        Routes routes = OperabilityRoutes.register(new Routes(), new HealthReport(checks), metrics);
        AlertRoutes.register(routes, alertRepository, new MonitoredTime(store, clock), clock);
        AlertActionRoutes.register(routes, alerts);
        new BedRoutes(latest, alertRepository, store, pipeline, clock).register(routes);
        new FeedRoutes(feeds, feedMonitor, deadLetters, alertRepository, alerts::deviceOffsets, clock)
                .register(routes);
        new AuthRoutes(accounts, sessions, alertRepository, clock, config.http().secureCookie()).register(routes);
        new AdminRoutes(accounts, sessions, alertRepository, clock).register(routes);
        new PageRoutes().register(routes);
        HttpServer http = remember(new HttpServer(config.http(), routes, new SessionGate(sessions), liveFeed));
        httpAddress = http.start();
        System.out.println("http listening on " + hostPort(httpAddress));

        if (endpoint.isPresent()) {
            mqttAddress = remember(endpoint.get()).start();
            System.out.println("mqtt listening on " + hostPort(mqttAddress));
        }
        if (subscriber.isPresent()) {
            remember(subscriber.get()).start();
            System.out.println("broker subscription to " + config.broker().get().url() + " "
                    + config.broker().get().topics());
        }
        schedulePeriodicWork(sessions, liveFeed);
    }

    /**
     * A fresh install has no account to sign in with: it gets {@code admin} with a random password, written to a
     * file only its owner may read (the password never goes to the log).
     */
    private void ensureFirstAdmin(Accounts accounts) throws IOException {
        if (!accounts.isEmpty()) {
            return;
        }
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path file = config.dataDir().resolve(INITIAL_ADMIN_PASSWORD_FILE);
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, password + "\n");
        accounts.create("admin", Role.ADMIN, password);
        System.out.println("created account admin; its password is in " + file);
    }

    /** The board after a restart shows the last day's newest values at once, not only what arrives next. */
    private void primeBoard(LatestValues latest, SqliteContextRepository contexts) {
        try {
            latest.prime(store.latest(clock.millis() - Duration.ofDays(1).toMillis()), contexts.current());
        } catch (StoreException e) {
            latest.prime(List.of(), contexts.current());
            LOG.warn("the board starts without the stored latest values: {}", e.getMessage());
        }
    }

    private void schedulePeriodicWork(Sessions sessions, LiveFeed liveFeed) throws IOException {
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "ticks"));
        started.push(() -> {
            ticks.shutdownNow();
            ticks.awaitTermination(5, TimeUnit.SECONDS);
        });
        ticks.scheduleWithFixedDelay(guarded("store upkeep", store::tick), 5, 15, TimeUnit.SECONDS);
        ticks.scheduleWithFixedDelay(guarded("live feed", liveFeed::tick), 1, 1, TimeUnit.SECONDS);
        ticks.scheduleWithFixedDelay(guarded("session expiry", sessions::tick), 1, 1, TimeUnit.MINUTES);
        if (config.configFile().isPresent()) {
            FeedConfigWatcher watcher = new FeedConfigWatcher(config.configFile().get(), feeds);
            ticks.scheduleWithFixedDelay(guarded("config reload", watcher::tick), 5, 5, TimeUnit.SECONDS);
        }
    }

    private static Runnable guarded(String what, Runnable r) {
        return () -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.error("{} failed", what, e);
            }
        };
    }

    private SampleStore openStore() throws SQLException {
        if (config.store() == MonitorConfig.StoreKind.INFLUX) {
            return new InfluxSampleStore(config.influx().orElseThrow(), metrics);
        }
        return new SqliteSampleStore(config.dataDir().resolve("samples.db"), clock, config.retention());
    }

    private <T extends AutoCloseable> T remember(T resource) {
        started.push(resource);
        return resource;
    }

    static String hostPort(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    public InetSocketAddress mqttAddress() {
        return mqttAddress;
    }

    public InetSocketAddress httpAddress() {
        return httpAddress;
    }

    /** Where Errors that killed a thread are reported, so that /health says the monitor must be restarted. */
    public FatalErrors fatalErrors() {
        return fatalErrors;
    }

    public IngestPipeline pipeline() {
        return pipeline;
    }

    public SampleStore store() {
        return store;
    }

    public FeedMonitor feedMonitor() {
        return feedMonitor;
    }

    public LiveAlerts alerts() {
        return alerts;
    }

    public DeadLetterLog deadLetters() {
        return deadLetters;
    }

    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {}: {}", c, e.getMessage());
            }
        }
        metrics.close();
    }
}
