package org.ecmomonitor.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.ecmomonitor.ingest.AlertPoint;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.Signal;
import org.ecmomonitor.ingest.TestServers;
import org.ecmomonitor.ingest.influx.InfluxConfig;
import org.ecmomonitor.ingest.influx.InfluxSampleStore;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Test;

/**
 * Every query of the Grafana dashboard, with Grafana's macros filled in as Grafana fills them, against the real
 * InfluxDB of {@code .ci/run} holding what the monitor writes: each must be valid InfluxQL over the contract §6
 * schema and find the data.
 */
class GrafanaDashboardIT {
    private static final Path GRAFANA = Path.of("grafana");
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyPanelVariableAndAnnotationQueryFindsTheMonitorsData() throws Exception {
        InfluxConfig cfg = new InfluxConfig(URI.create(TestServers.influxUrl()), "grafana_" + UUID.randomUUID()
                .toString().replace("-", ""), null, null);
        long t0 = Instant.now().minusSeconds(3600).toEpochMilli();
        try (InfluxSampleStore store = new InfluxSampleStore(cfg, new SimpleMeterRegistry())) {
            List<Sample> samples = new ArrayList<>();
            for (Signal s : Signal.values()) {
                for (int i = 0; i < 10; i++) {
                    samples.add(Sample.of("B7", "console", s, t0 + i * 60_000L, (s.plausibleMin() + s.plausibleMax()) / 2));
                }
            }
            store.write(samples);
            store.writeAlertPoints(List.of(new AlertPoint(t0 + 120_000, "B7", "MAP_LOW", "medium", "raised",
                    "MAP 61 mmHg below target 65 for 5 min", 61), new AlertPoint(t0 + 420_000, "B7", "MAP_LOW",
                    "medium", "cleared", "MAP back above target", 68)));
        }
        JsonNode dashboard = json.readTree(Files.readString(GRAFANA.resolve("dashboards/ecmo-bed.json")));
        List<String> queries = new ArrayList<>();
        dashboard.at("/panels").forEach(p -> p.get("targets").forEach(t -> queries.add(t.get("query").asText())));
        dashboard.at("/annotations/list").forEach(a -> queries.add(a.get("query").asText()));
        assertThat(queries).as("16 panel targets, 2 annotations").hasSize(18);
        String from = t0 - 60_000 + "ms";
        String to = Instant.now().toEpochMilli() + "ms";
        InfluxDB influx = InfluxDBFactory.connect(TestServers.influxUrl());
        try {
            QueryResult beds = influx.query(new Query(dashboard.at("/templating/list/0/query").asText(),
                    cfg.database()));
            assertThat(beds.getResults().get(0).getSeries().get(0).getValues()).extracting(r -> r.get(1))
                    .containsExactly("B7");
            for (String q : queries) {
                String filled = q.replace("$bed", "B7").replace("$timeFilter", "time >= " + from + " and time <= " + to)
                        .replace("$__interval", "1m");
                QueryResult r = influx.query(new Query(filled, cfg.database()), TimeUnit.MILLISECONDS);
                assertThat(r.hasError()).as(filled).isFalse();
                assertThat(r.getResults().get(0).getError()).as(filled).isNull();
                assertThat(r.getResults().get(0).getSeries()).as("data found by " + filled).isNotEmpty();
            }
        } finally {
            influx.close();
        }
        for (JsonNode p : dashboard.get("panels")) {
            assertThat(p.at("/datasource/uid").asText()).isEqualTo("ecmo-influxdb");
        }
        assertThat(Files.readString(GRAFANA.resolve("provisioning/datasources/ecmo-influxdb.yaml")))
                .contains("uid: ecmo-influxdb").contains("type: influxdb").contains("${ECMO_INFLUX_URL}");
    }
}
