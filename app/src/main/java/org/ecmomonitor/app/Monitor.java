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
import java.util.Set;
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
import org.ecmomonitor.alerts.sqlite.SqliteAuditLog;
import org.ecmomonitor.dashboards.AdminRoutes;
import org.ecmomonitor.dashboards.AlertActionRoutes;
import org.ecmomonitor.dashboards.AlertRoutes;
import org.ecmomonitor.dashboards.AuthRoutes;
import org.ecmomonitor.dashboards.BackupRoutes;
import org.ecmomonitor.dashboards.BedRoutes;
import org.ecmomonitor.dashboards.FeedRoutes;
import org.ecmomonitor.dashboards.HealthReport;
import org.ecmomonitor.dashboards.LatestValues;
import org.ecmomonitor.dashboards.MonitoredTime;
import org.ecmomonitor.dashboards.OperabilityRoutes;
import org.ecmomonitor.dashboards.PageRoutes;
import org.ecmomonitor.dashboards.auth.Account;
import org.ecmomonitor.dashboards.auth.Accounts;
import org.ecmomonitor.dashboards.auth.Role;
import org.ecmomonitor.dashboards.http.SessionGate;
import org.ecmomonitor.dashboards.auth.Sessions;
import org.ecmomonitor.dashboards.auth.SignInThrottle;
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
import org.ecmomonitor.ingest.ListenFailure;
import org.ecmomonitor.ingest.OwnerOnly;
import org.ecmomonitor.ingest.SampleStore;
import org.ecmomonitor.ingest.SeriesCap;
import org.ecmomonitor.ingest.StoreException;
import org.ecmomonitor.ingest.influx.InfluxSampleStore;
import org.ecmomonitor.ingest.mqtt.MqttEndpoint;
import org.ecmomonitor.ingest.tls.ServerTls;
import org.ecmomonitor.ingest.tls.TlsListener;
import org.ecmomonitor.ingest.paho.PahoSubscriber;
import org.ecmomonitor.ingest.sqlite.SqliteContextRepository;
import org.ecmomonitor.ingest.sqlite.SqliteFeedRepository;
import org.ecmomonitor.ingest.sqlite.SqliteBackup;
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
    private static final String INITIAL_ADMIN = "admin";
    /** Client addresses whose failed sign-ins are followed at once (SignInThrottle); a few hundred bytes each. */
    private static final int SIGN_IN_ADDRESSES = 10_000;
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
    private InetSocketAddress mqttsAddress;
    private InetSocketAddress httpsAddress;
    private final List<ServerTls> tlsListeners = new ArrayList<>();
    private IngestPipeline pipeline;
    private SampleStore store;
    private FeedRegistry feeds;
    private FeedMonitor feedMonitor;
    private DeadLetterLog deadLetters;
    private LiveAlerts alerts;
    private volatile HealthReport health;

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
        // first: a certificate or key that cannot be used stops the start before anything opens
        Optional<TlsListener> mqttTls = TlsSetup.mqtt(config.tls(), clock);
        Optional<TlsListener> httpTls = TlsSetup.http(config.tls(), clock);
        mqttTls.ifPresent(l -> l.tls().bindMetrics(metrics, "mqtts"));
        httpTls.ifPresent(l -> l.tls().bindMetrics(metrics, "https"));
        mqttTls.ifPresent(l -> tlsListeners.add(l.tls()));
        httpTls.ifPresent(l -> tlsListeners.add(l.tls()));
        // invented devices must not make unbounded series (issue 14); configured feeds fit under the cap
        metrics.config().meterFilter(new SeriesCap("feed", config.ingest().maxDevices() + config.feeds().size()));
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(metrics);
        started.push(gc);

        OwnerOnly.createFolders(config.dataDir());
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

        SqliteAlertRepository alertRepository = remember(new SqliteAlertRepository(monitorDb,
                config.alertsUnstoredMax(), metrics));
        SqliteAuditLog audit = remember(new SqliteAuditLog(monitorDb));
        AlertEngine engine = new AlertEngine(alertRepository, audit, config.ruleVariables(), config.escalation(),
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

        Accounts accounts = new Accounts(remember(new SqliteAccountRepository(monitorDb)), BCRYPT_COST);
        Sessions sessions = new Sessions(clock, config.http().sessionIdle());
        LatestValues latest = new LatestValues();
        primeBoard(latest, contexts);
        pipeline.addListener(latest);
        LiveFeed liveFeed = new LiveFeed(latest, sessions, clock, metrics, alertRepository::stored);
        alerts.addListener(liveFeed);

        List<HealthCheck> checks = new ArrayList<>(List.of(fatalErrors, pipeline, store, alerts));
        delivery.ifPresent(checks::add);
        Optional<MqttEndpoint> endpoint = config.mqtt().map(c -> new MqttEndpoint(c, mqttTls, feeds, pipeline,
                clock, metrics, fatalErrors));
        if (config.broker().isPresent()) {
            // Paho keeps unacknowledged messages there with the umask's modes: an owner-only folder hides them
            OwnerOnly.createFolders(config.broker().get().persistenceDir());
        }
        Optional<PahoSubscriber> subscriber = config.broker().map(b -> new PahoSubscriber(b, pipeline));
        endpoint.ifPresent(checks::add);
        subscriber.ifPresent(checks::add);

        health = new HealthReport(checks);
        fatalErrors.whenFailed(health::fatal);
        Routes routes = OperabilityRoutes.register(new Routes(), health, metrics);
        AlertRoutes.register(routes, alertRepository, new MonitoredTime(store, clock), clock);
        AlertActionRoutes.register(routes, alerts);
        new BedRoutes(latest, alertRepository, audit, store, pipeline, clock).register(routes);
        new FeedRoutes(feeds, feedMonitor, deadLetters, audit, alerts::deviceOffsets, clock)
                .register(routes);
        AuthRoutes auth = new AuthRoutes(accounts, sessions, audit, clock, config.http().secureCookie(),
                new SignInThrottle(clock, SIGN_IN_ADDRESSES), metrics, this::passwordChanged);
        auth.register(routes);
        new AdminRoutes(accounts, sessions, audit, clock).register(routes);
        SqliteBackup backup = new SqliteBackup(config.dataDir(), backedUp(monitorDb), config.backups().keep(), clock,
                metrics);
        new BackupRoutes(backup, audit, clock).register(routes);
        new PageRoutes().register(routes);
        HttpServer http = remember(new HttpServer(config.http(), httpTls, routes, new SessionGate(sessions),
                liveFeed, metrics));
        try {
            httpAddress = http.start();
            httpsAddress = http.tlsAddress();
            if (endpoint.isPresent()) {
                mqttAddress = remember(endpoint.get()).start();
                mqttsAddress = endpoint.get().tlsAddress();
            }
        } catch (ListenFailure f) {
            throw new ConfigException(f.getMessage() + ": another program (another monitor?) holds the port; stop it"
                    + " or set " + ConfigParser.named(switch (f.listener()) {
                        case "https" -> ConfigKey.HTTP_TLS_PORT;
                        case "mqtt" -> ConfigKey.MQTT_PORT;
                        case "mqtts" -> ConfigKey.MQTT_TLS_PORT;
                        default -> ConfigKey.HTTP_PORT;
                    }) + " to a free port");
        }
        // only a start that can serve writes the first admin's password (a failed one would leave a stray file)
        ensureFirstAdmin(accounts);
        printListening("http", httpAddress);
        printListening("https", httpsAddress);
        printListening("mqtt", mqttAddress);
        printListening("mqtts", mqttsAddress);
        if (subscriber.isPresent()) {
            remember(subscriber.get()).start();
            System.out.println("broker subscription to " + config.broker().get().url() + " "
                    + config.broker().get().topics());
        }
        schedulePeriodicWork(sessions, liveFeed, auth, backup);
        health.started();
    }

    /** monitor.db, and samples.db in embedded mode (InfluxDB has backups of its own). */
    private List<Path> backedUp(Path monitorDb) {
        return config.store() == MonitorConfig.StoreKind.SQLITE
                ? List.of(monitorDb, config.dataDir().resolve("samples.db")) : List.of(monitorDb);
    }

    /**
     * A fresh install has no account to sign in with: it gets {@code admin} with a random password, written to a
     * file only its owner may read (the password never goes to the log).
     */
    private void ensureFirstAdmin(Accounts accounts) throws IOException {
        if (!accounts.isEmpty()) {
            requireChangeOfAStillGeneratedPassword(accounts);
            return;
        }
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path file = config.dataDir().resolve(INITIAL_ADMIN_PASSWORD_FILE);
        Files.deleteIfExists(file);
        OwnerOnly.createFile(file);
        Files.writeString(file, password + "\n");
        accounts.create(INITIAL_ADMIN, Role.ADMIN, password, true);
        System.out.println("created account admin; its password is in " + file + " (to be changed at the first"
                + " sign-in)");
    }

    /**
     * An install made before the forced change (issue 14) may still have its admin on the generated password, in
     * its file: that admin must change it too.
     */
    private void requireChangeOfAStillGeneratedPassword(Accounts accounts) throws IOException {
        Path file = config.dataDir().resolve(INITIAL_ADMIN_PASSWORD_FILE);
        if (!Files.isRegularFile(file)) {
            return;
        }
        Optional<Account> admin = accounts.verify(INITIAL_ADMIN, Files.readString(file).strip());
        if (admin.isEmpty()) {
            return;
        }
        if (!admin.get().passwordChangeRequired()) {
            accounts.requirePasswordChange(INITIAL_ADMIN);
            LOG.warn("admin still has the generated password of {}: it must be changed at the next sign-in", file);
        }
        // said at every start until an admin chooses a password (then the file is deleted)
        System.out.println("account admin still has its generated password; it is in " + file + " (to be changed"
                + " at the first sign-in)");
    }

    /** Once the first admin chose a password, the generated one is useless: its file goes. */
    private void passwordChanged(Account account) {
        if (!account.name().equals(INITIAL_ADMIN)) {
            return;
        }
        Path file = config.dataDir().resolve(INITIAL_ADMIN_PASSWORD_FILE);
        try {
            if (Files.deleteIfExists(file)) {
                LOG.info("admin chose a password; deleted {}", file);
            }
        } catch (IOException e) {
            LOG.warn("cannot delete {} (its password no longer works): {}", file, e.getMessage());
        }
    }

    /** The board after a restart shows the last day's newest values at once, not only what arrives next. */
    private void primeBoard(LatestValues latest, SqliteContextRepository contexts) {
        try {
            // a stored latest value from a device not configured as the bed's source of that signal (issue 14 item 2)
            // is not shown after a restart either; the source's next sample fills the tile
            latest.prime(store.latest(clock.millis() - Duration.ofDays(1).toMillis()).stream()
                    .filter(s -> {
                        Set<String> configured = feeds.configuredSources(s.bed(), s.signal());
                        return configured.isEmpty() || configured.contains(s.device());
                    }).toList(), contexts.current());
        } catch (StoreException e) {
            latest.prime(List.of(), contexts.current());
            LOG.warn("the board starts without the stored latest values: {}", e.getMessage());
        }
    }

    private void schedulePeriodicWork(Sessions sessions, LiveFeed liveFeed, AuthRoutes auth, SqliteBackup backup)
            throws IOException {
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "ticks"));
        started.push(() -> {
            ticks.shutdownNow();
            ticks.awaitTermination(5, TimeUnit.SECONDS);
        });
        ticks.scheduleWithFixedDelay(guarded("store upkeep", store::tick), 5, 15, TimeUnit.SECONDS);
        if (store instanceof InfluxSampleStore influx) {
            // its own thread: a probe waits up to the timeout for a hung server, which the ticks must not
            ScheduledExecutorService probes = Executors.newSingleThreadScheduledExecutor(
                    r -> new Thread(r, "influx-probe"));
            started.push(() -> {
                probes.shutdownNow();
                probes.awaitTermination(5, TimeUnit.SECONDS);
            });
            probes.scheduleWithFixedDelay(guarded("InfluxDB probe", influx::probe), 500, 500, TimeUnit.MILLISECONDS);
        }
        ticks.scheduleWithFixedDelay(guarded("live feed", liveFeed::tick), 1, 1, TimeUnit.SECONDS);
        ticks.scheduleWithFixedDelay(guarded("session expiry", sessions::tick), 1, 1, TimeUnit.MINUTES);
        for (ServerTls tls : tlsListeners) {
            // a renewed certificate and key are picked up within a minute, for new connections
            ticks.scheduleWithFixedDelay(guarded("TLS certificate reload", tls::tick), 1, 1, TimeUnit.MINUTES);
        }
        ticks.scheduleWithFixedDelay(guarded("sign-in audit", auth::tick), 10, 10, TimeUnit.SECONDS);
        if (config.configFile().isPresent()) {
            FeedConfigWatcher watcher = new FeedConfigWatcher(config.configFile().get(), feeds);
            ticks.scheduleWithFixedDelay(guarded("config reload", watcher::tick), 5, 5, TimeUnit.SECONDS);
        }
        if (config.backups().hourUtc().isPresent()) {
            // a thread of its own: copying a large samples.db must not hold up the live feed's ticks
            ScheduledExecutorService backups = Executors.newSingleThreadScheduledExecutor(
                    r -> new Thread(r, "daily-backup"));
            started.push(() -> {
                backups.shutdownNow();
                backups.awaitTermination(5, TimeUnit.SECONDS);
            });
            DailyBackup daily = new DailyBackup(backup, config.backups().hourUtc().get(), clock);
            backups.scheduleWithFixedDelay(guarded("daily backup", daily::tick), 1, 1, TimeUnit.MINUTES);
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

    /** One line per listener that is on, so that scripts find ports chosen with 0. */
    private static void printListening(String what, InetSocketAddress a) {
        if (a != null) {
            System.out.println(what + " listening on " + hostPort(a));
        }
    }

    public InetSocketAddress mqttAddress() {
        return mqttAddress;
    }

    public InetSocketAddress httpAddress() {
        return httpAddress;
    }

    /** The MQTT-over-TLS listener, or null when off. */
    public InetSocketAddress mqttsAddress() {
        return mqttsAddress;
    }

    /** The HTTPS listener, or null when off. */
    public InetSocketAddress httpsAddress() {
        return httpsAddress;
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
        if (health != null) {
            health.stopping();
        }
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
