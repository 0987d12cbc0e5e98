package org.ecmomonitor.dashboards;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.util.Optional;
import org.ecmomonitor.alerts.AuditLog;
import org.ecmomonitor.dashboards.auth.Permission;
import org.ecmomonitor.dashboards.http.Call;
import org.ecmomonitor.dashboards.http.HttpReply;
import org.ecmomonitor.dashboards.http.Json;
import org.ecmomonitor.dashboards.http.Routes;
import org.ecmomonitor.ingest.StoreException;
import org.ecmomonitor.ingest.sqlite.SqliteBackup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/admin/backup} (admin): a consistent copy of the SQLite databases into
 * {@code data_dir/backup/<UTC time>/}; answers with each copy's path and size. 409 while another backup runs, 503
 * when it fails. Audited.
 */
public final class BackupRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(BackupRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqliteBackup backup;
    private final AuditLog audit;
    private final Clock clock;

    public BackupRoutes(SqliteBackup backup, AuditLog audit, Clock clock) {
        this.backup = backup;
        this.audit = audit;
        this.clock = clock;
    }

    public Routes register(Routes routes) {
        routes.add(HttpMethod.POST, "/api/admin/backup", Permission.ADMINISTER, this::run);
        return routes;
    }

    private HttpReply run(Call call) throws Exception {
        Optional<SqliteBackup.Backup> done;
        try {
            done = backup.tryRun();
        } catch (StoreException e) {
            LOG.error("backup requested by {} failed: {}", call.user(), e.getMessage());
            audit.audit(clock.millis(), call.user(), "backup failed", "databases", e.getMessage());
            return Json.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "the backup failed: " + e.getMessage());
        }
        if (done.isEmpty()) {
            return Json.error(HttpResponseStatus.CONFLICT, "a backup is already running; try again when it is done");
        }
        SqliteBackup.Backup b = done.get();
        audit.audit(clock.millis(), call.user(), "backup", "databases",
                b.folder() + " (" + b.copies().size() + " files, " + b.bytes() + " bytes)");
        ObjectNode out = JSON.createObjectNode();
        out.put("folder", b.folder().toString());
        ArrayNode files = out.putArray("files");
        for (SqliteBackup.Copy c : b.copies()) {
            files.addObject().put("path", c.path().toString()).put("bytes", c.bytes());
        }
        return Json.ok(out);
    }
}
