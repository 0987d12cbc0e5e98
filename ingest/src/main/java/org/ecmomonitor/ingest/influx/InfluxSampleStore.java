package org.ecmomonitor.ingest.influx;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.ecmomonitor.ingest.AlertPoint;
import org.ecmomonitor.ingest.ComponentHealth;
import org.ecmomonitor.ingest.Ids;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.SampleStore;
import org.ecmomonitor.ingest.Signal;
import org.ecmomonitor.ingest.StoreException;
import org.ecmomonitor.ingest.TrendPoint;
import org.ecmomonitor.ingest.TrendQuery;
import org.influxdb.BatchOptions;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.BoundParameterQuery;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples in InfluxDB, measurement {@code vitals} (contract §6), through influxdb-java on the v1 API.
 *
 * <p>Samples are written synchronously as prepared line protocol, one HTTP request per ingest batch: the call
 * returns only once InfluxDB has accepted the points, which is what lets the collectors acknowledge QoS 1 after
 * a durable store. influxdb-java's own batch mode (asynchronous, used for {@link #writeAlertPoint}) would lose that
 * guarantee; it is still set up with its exception and dropped-point handlers so that nothing it drops goes
 * uncounted ({@code ecmo_influx_batch_failed_points_total}, {@code ecmo_influx_dropped_points_total}).
 *
 * <p>Writes and probes time out after {@link InfluxConfig#timeout()} (2 s by default) so that a hung server (a
 * stopped process, a full disk it blocks on) is noticed within it: {@link #probe()}, scheduled every half second,
 * makes {@code /health} say so even when no sample is being written. Trend queries get longer, on a client of
 * their own. At start the database's default retention policy is set to {@link InfluxConfig#retention()}.
 */
public final class InfluxSampleStore implements SampleStore {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxSampleStore.class);
    static final String MEASUREMENT = "vitals";
    static final String ALERTS_MEASUREMENT = "alerts";

    /** Trend and latest-value queries may scan days of samples: longer than a write may take. */
    private static final long QUERY_TIMEOUT_MILLIS = 15_000;

    private final InfluxConfig config;
    private final InfluxDB influx;
    private final InfluxDB queries;
    private final Counter batchFailedPoints;
    private final Counter droppedPoints;
    private volatile boolean databaseReady;
    private volatile String problem = "not yet connected";
    /** Set while the server does not answer the probe in time; cleared when it does. */
    private volatile String probeProblem;

    public InfluxSampleStore(InfluxConfig config, MeterRegistry meters) {
        this.config = config;
        long timeout = config.timeout().toMillis();
        this.influx = connect(config, timeout);
        this.queries = connect(config, Math.max(timeout, QUERY_TIMEOUT_MILLIS));
        this.batchFailedPoints = Counter.builder("ecmo.influx.batch.failed.points")
                .description("points influxdb-java's batch mode failed to write").register(meters);
        this.droppedPoints = Counter.builder("ecmo.influx.dropped.points")
                .description("points influxdb-java's batch mode dropped (buffer full)").register(meters);
        influx.enableBatch(BatchOptions.DEFAULTS
                .actions(1000)
                .flushDuration(1000)
                .bufferLimit(50_000)
                .precision(TimeUnit.MILLISECONDS)
                .exceptionHandler((points, e) -> {
                    int n = 0;
                    for (Point ignored : points) {
                        n++;
                    }
                    batchFailedPoints.increment(n);
                    problem = "batch write failed: " + e.getMessage();
                    LOG.error("InfluxDB batch write of {} point(s) failed: {}", n, e.getMessage());
                })
                .droppedActionHandler(p -> droppedPoints.increment()));
        influx.setDatabase(config.database());
        ensureDatabase();
    }

    private static InfluxDB connect(InfluxConfig config, long timeoutMillis) {
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(Math.min(timeoutMillis, 2_000), TimeUnit.MILLISECONDS)
                .readTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .writeTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .callTimeout(timeoutMillis + 1_000, TimeUnit.MILLISECONDS);
        return config.username() == null
                ? InfluxDBFactory.connect(config.url().toString(), http)
                : InfluxDBFactory.connect(config.url().toString(), config.username(), config.password(), http);
    }

    /**
     * Creates the database if missing (contract §5) and sets its retention; retried before each write until it
     * worked once.
     */
    private boolean ensureDatabase() {
        if (databaseReady) {
            return true;
        }
        try {
            influx.query(new Query("CREATE DATABASE \"" + config.database() + "\""));
            InfluxRetention.apply(influx, config.database(), config.retention());
            databaseReady = true;
            problem = null;
            LOG.info("InfluxDB {} database {} ready", config.url(), config.database());
        } catch (InfluxRetention.Refused e) {
            // the server answers but will not take the policy (e.g. a 2.x bucket through v1 compatibility, whose
            // retention is set on the bucket): samples are stored; the operator is told once
            databaseReady = true;
            problem = null;
            LOG.warn("InfluxDB {} database {}: retention of {} days not applied ({}); set it on the server",
                    config.url(), config.database(), config.retention().toDays(), e.getMessage());
        } catch (RuntimeException e) {
            problem = "cannot reach " + config.url() + ": " + e.getMessage();
            LOG.warn("InfluxDB: {}", problem);
        }
        return databaseReady;
    }

    @Override
    public void write(List<Sample> samples) throws StoreException {
        if (!ensureDatabase()) {
            throw new StoreException(problem);
        }
        List<String> lines = new ArrayList<>(samples.size());
        for (Sample s : samples) {
            lines.add(toPoint(s).lineProtocol(TimeUnit.MILLISECONDS));
        }
        try {
            influx.write(config.database(), "", InfluxDB.ConsistencyLevel.ONE, TimeUnit.MILLISECONDS, lines);
            problem = null;
        } catch (RuntimeException e) {
            problem = "write failed: " + e.getMessage();
            throw new StoreException("InfluxDB " + problem, e);
        }
    }

    /**
     * Alert events (measurement {@code alerts}, contract §6) through influxdb-java's batch mode: their record is in
     * SQLite, so a failed batch is counted and logged by the handlers, not retried.
     */
    @Override
    public void writeAlertPoints(List<AlertPoint> points) {
        for (AlertPoint a : points) {
            influx.write(config.database(), "", Point.measurement(ALERTS_MEASUREMENT)
                    .time(a.tsMillis(), TimeUnit.MILLISECONDS)
                    .tag("bed", a.bed()).tag("rule", a.rule()).tag("priority", a.priority()).tag("event", a.event())
                    .addField("message", a.message()).addField("value", a.value())
                    .build());
        }
    }

    static Point toPoint(Sample s) {
        Point.Builder p = Point.measurement(MEASUREMENT)
                .time(s.tsMillis(), TimeUnit.MILLISECONDS)
                .tag("bed", s.bed())
                .tag("device", s.device())
                .tag("signal", s.signal().wireName())
                .addField("value", s.value())
                .addField("artifact", s.artifact());
        if (s.originalUnit() != null && !s.signal().canonicalUnit().map(s.originalUnit()::equals).orElse(false)) {
            p.addField("raw_value", s.originalValue()).addField("raw_unit", s.originalUnit());
        }
        return p.build();
    }

    @Override
    public List<TrendPoint> trend(TrendQuery q) throws StoreException {
        String sql = "SELECT min(\"value\"), mean(\"value\"), max(\"value\"), count(\"value\") FROM \"" + MEASUREMENT
                + "\" WHERE \"bed\" = $bed AND \"signal\" = $signal AND \"artifact\" = false AND time >= "
                + q.fromMillis() + "ms AND time < " + q.toMillis() + "ms GROUP BY time(" + q.stepMillis() + "ms)";
        Query query = BoundParameterQuery.QueryBuilder.newQuery(sql).forDatabase(config.database())
                .bind("bed", q.bed()).bind("signal", q.signal().wireName()).create();
        QueryResult result;
        try {
            result = queries.query(query, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            throw new StoreException("InfluxDB trend query failed: " + e.getMessage(), e);
        }
        if (result.hasError()) {
            throw new StoreException("InfluxDB trend query failed: " + result.getError());
        }
        List<TrendPoint> out = new ArrayList<>();
        for (QueryResult.Result r : result.getResults()) {
            if (r.hasError()) {
                throw new StoreException("InfluxDB trend query failed: " + r.getError());
            }
            if (r.getSeries() == null) {
                continue;
            }
            for (QueryResult.Series s : r.getSeries()) {
                for (List<Object> row : s.getValues()) {
                    Number n = (Number) row.get(4);
                    if (n == null || n.longValue() == 0) {
                        continue;
                    }
                    out.add(new TrendPoint(((Number) row.get(0)).longValue(), ((Number) row.get(1)).doubleValue(),
                            ((Number) row.get(2)).doubleValue(), ((Number) row.get(3)).doubleValue(),
                            n.longValue()));
                }
            }
        }
        return out;
    }

    /**
     * {@code last()} is a selector, so the artifact field and the device tag come from the same point as the
     * value; grouped by bed and signal, one row per pair.
     */
    @Override
    public List<Sample> latest(long sinceMillis) throws StoreException {
        String sql = "SELECT last(\"value\"), \"artifact\", \"device\" FROM \"" + MEASUREMENT + "\" WHERE time >= "
                + sinceMillis + "ms GROUP BY \"bed\", \"signal\"";
        QueryResult result;
        try {
            result = queries.query(new Query(sql, config.database()), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            throw new StoreException("InfluxDB latest-values query failed: " + e.getMessage(), e);
        }
        if (result.hasError()) {
            throw new StoreException("InfluxDB latest-values query failed: " + result.getError());
        }
        List<Sample> out = new ArrayList<>();
        for (QueryResult.Result r : result.getResults()) {
            if (r.hasError()) {
                throw new StoreException("InfluxDB latest-values query failed: " + r.getError());
            }
            for (QueryResult.Series series : r.getSeries() == null ? List.<QueryResult.Series>of() : r.getSeries()) {
                Optional<Signal> signal = Signal.byWireName(series.getTags().get("signal"));
                String bed = series.getTags().get("bed");
                for (List<Object> row : series.getValues()) {
                    if (signal.isPresent() && Ids.isValid(bed) && row.get(1) instanceof Number v
                            && row.get(3) instanceof String device && Ids.isValid(device)) {
                        out.add(Sample.stored(bed, device, signal.get(), ((Number) row.get(0)).longValue(),
                                v.doubleValue(), Boolean.TRUE.equals(row.get(2))));
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void tick() {
        probe();
    }

    /**
     * Pings the server within the timeout, so that /health follows it even when no samples arrive: a server that
     * stops answering (hung, stopped, unreachable) is down from the first probe that times out, up again from the
     * first that is answered. Production calls this every half second, on a thread of its own.
     */
    public void probe() {
        try {
            if (influx.ping().isGood()) {
                if (probeProblem != null) {
                    LOG.info("InfluxDB {} answers again", config.url());
                }
                probeProblem = null;
                ensureDatabase();
            } else {
                probeProblem = "ping not answered as expected";
            }
        } catch (RuntimeException e) {
            if (probeProblem == null) {
                LOG.error("InfluxDB {} did not answer within {} ms (hung, stopped or unreachable): {}", config.url(),
                        config.timeout().toMillis(), e.getMessage());
            }
            probeProblem = "no answer within " + config.timeout().toMillis() + " ms (hung, stopped or unreachable): "
                    + e.getMessage();
        }
    }

    @Override
    public ComponentHealth health() {
        String p = probeProblem != null ? probeProblem : problem;
        return p == null ? ComponentHealth.up("store", "influx " + config.url() + " database " + config.database())
                : ComponentHealth.down("store", "influx " + config.url() + ": " + p);
    }

    @Override
    public void close() {
        influx.close();
        queries.close();
    }
}
