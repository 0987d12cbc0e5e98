package org.ecmomonitor.dashboards.auth;

import java.util.List;
import java.util.Optional;

/** Where accounts live ({@code dashboards.sqlite}: the {@code accounts} table of monitor.db). */
public interface AccountRepository {
    Optional<Account> find(String name);

    /** Every account, by name. */
    List<Account> all();

    /** Inserts or replaces the account of that name. */
    void save(Account account);
}
