package org.ecmomonitor.dashboards;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.ecmomonitor.alerts.AuditLog;
import org.ecmomonitor.alerts.AuditEntry;
import org.ecmomonitor.dashboards.auth.Account;
import org.ecmomonitor.dashboards.auth.Accounts;
import org.ecmomonitor.dashboards.auth.Permission;
import org.ecmomonitor.dashboards.auth.Role;
import org.ecmomonitor.dashboards.auth.Sessions;
import org.ecmomonitor.dashboards.http.Call;
import org.ecmomonitor.dashboards.http.HttpReply;
import org.ecmomonitor.dashboards.http.Json;
import org.ecmomonitor.dashboards.http.JsonBody;
import org.ecmomonitor.dashboards.http.Routes;

/**
 * What an admin does: {@code GET /api/accounts}, {@code POST /api/accounts} {@code {"name", "role", "password"}},
 * {@code PUT /api/accounts/{name}} {@code {"role"?, "password"?, "disabled"?}} (which signs that user out
 * everywhere), and {@code GET /api/audit?limit=N}. Password hashes never leave the server.
 */
public final class AdminRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_AUDIT = 5000;

    private final Accounts accounts;
    private final Sessions sessions;
    private final AuditLog audit;
    private final Clock clock;

    public AdminRoutes(Accounts accounts, Sessions sessions, AuditLog audit, Clock clock) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
    }

    public Routes register(Routes routes) {
        routes.add(HttpMethod.GET, "/api/accounts", Permission.ADMINISTER, c -> list());
        routes.add(HttpMethod.POST, "/api/accounts", Permission.ADMINISTER, this::create);
        routes.add(HttpMethod.PUT, "/api/accounts/{name}", Permission.ADMINISTER, this::update);
        routes.add(HttpMethod.GET, "/api/audit", Permission.ADMINISTER, this::auditLog);
        return routes;
    }

    private HttpReply list() throws Exception {
        ArrayNode out = JSON.createArrayNode();
        for (Account a : accounts.all()) {
            out.add(toJson(a));
        }
        return Json.ok(out);
    }

    private HttpReply create(Call call) throws Exception {
        JsonBody body = JsonBody.read(call, Set.of("name", "role", "password"));
        if (!body.ok()) {
            return body.error();
        }
        try {
            String name = body.text("name");
            Role role = role(body.text("role"));
            if (name == null || role == null || body.text("password") == null) {
                return Json.badRequest("'name', 'role' and 'password' are required");
            }
            Account a = accounts.create(name, role, body.text("password"));
            audit.audit(clock.millis(), call.user(), "create account", "account " + a.name(),
                    "role " + a.role().wireName());
            return Json.reply(HttpResponseStatus.CREATED, toJson(a));
        } catch (JsonBody.BadField e) {
            return e.reply();
        } catch (IllegalArgumentException e) {
            return Json.badRequest(e.getMessage());
        }
    }

    private HttpReply update(Call call) throws Exception {
        String name = call.param("name");
        if (accounts.find(name).isEmpty()) {
            return Json.error(HttpResponseStatus.NOT_FOUND, "no account '" + name + "'");
        }
        JsonBody body = JsonBody.read(call, Set.of("role", "password", "disabled"));
        if (!body.ok()) {
            return body.error();
        }
        try {
            Role role = role(body.text("role"));
            String password = body.text("password");
            Boolean disabled = body.bool("disabled");
            if (role == null && password == null && disabled == null) {
                return Json.badRequest("give at least one of 'role', 'password', 'disabled'");
            }
            if (name.equals(call.user()) && (Boolean.TRUE.equals(disabled) || role != null && role != Role.ADMIN)) {
                return Json.error(HttpResponseStatus.CONFLICT, "an admin cannot disable or demote their own account");
            }
            Account a = accounts.update(name, role, password, disabled);
            sessions.closeAll(name);
            audit.audit(clock.millis(), call.user(), "change account", "account " + name, describeChange(role,
                    password != null, disabled));
            return Json.ok(toJson(a));
        } catch (JsonBody.BadField e) {
            return e.reply();
        } catch (IllegalArgumentException e) {
            return Json.badRequest(e.getMessage());
        }
    }

    private static Role role(String name) throws JsonBody.BadField {
        if (name == null) {
            return null;
        }
        return Role.byWireName(name).orElseThrow(() -> new JsonBody.BadField(
                "'role' must be one of nurse, intensivist, biomed, admin"));
    }

    private static String describeChange(Role role, boolean password, Boolean disabled) {
        StringBuilder b = new StringBuilder();
        if (role != null) {
            b.append("role ").append(role.wireName()).append("; ");
        }
        if (password) {
            b.append("password changed; ");
        }
        if (disabled != null) {
            b.append(disabled ? "disabled; " : "enabled; ");
        }
        return b.substring(0, b.length() - 2);
    }

    private HttpReply auditLog(Call call) throws Exception {
        List<String> limitParam = call.query().get("limit");
        int limit = 200;
        if (limitParam != null) {
            try {
                limit = Integer.parseInt(limitParam.get(0));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_AUDIT) {
                return Json.badRequest("limit must be a whole number within 1.." + MAX_AUDIT);
            }
        }
        ArrayNode out = JSON.createArrayNode();
        for (AuditEntry e : audit.auditLog(limit)) {
            out.addObject().put("at", Instant.ofEpochMilli(e.atMillis()).toString()).put("user", e.user())
                    .put("action", e.action()).put("target", e.target()).put("detail", e.detail());
        }
        return Json.ok(out);
    }

    private static ObjectNode toJson(Account a) {
        return JSON.createObjectNode().put("name", a.name()).put("role", a.role().wireName())
                .put("disabled", a.disabled());
    }
}
