package org.ecmomonitor.ingest.it;

import java.util.List;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/** Reads InfluxDB back with plain InfluxQL, the way Grafana or an operator's {@code influx -execute} would. */
final class InfluxQueries implements AutoCloseable {
    private final InfluxDB influx;
    private final String database;

    InfluxQueries(String url, String database) {
        this.influx = InfluxDBFactory.connect(url);
        this.database = database;
    }

    /** Rows of the first series of the query's result, or none. */
    List<List<Object>> rows(String influxQl) {
        QueryResult r = influx.query(new Query(influxQl, database));
        if (r.hasError() || r.getResults().get(0).hasError()) {
            throw new IllegalStateException("query failed: " + r.getError() + " " + r.getResults());
        }
        List<QueryResult.Series> series = r.getResults().get(0).getSeries();
        return series == null ? List.of() : series.get(0).getValues();
    }

    List<String> columns(String influxQl) {
        QueryResult r = influx.query(new Query(influxQl, database));
        return r.getResults().get(0).getSeries().get(0).getColumns();
    }

    long count(String bed) {
        List<List<Object>> rows = rows("SELECT count(\"value\") FROM \"vitals\" WHERE \"bed\" = '" + bed + "'");
        return rows.isEmpty() ? 0 : ((Number) rows.get(0).get(1)).longValue();
    }

    @Override
    public void close() {
        influx.close();
    }
}
