package org.ecmomonitor.dashboards.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.ecmomonitor.ingest.MutableClock;
import org.junit.jupiter.api.Test;

class SessionsAndAccountsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T08:00:00Z"));

    /** Accounts in a map: the repository port's contract, without a database. */
    private static final class MapAccounts implements AccountRepository {
        final Map<String, Account> byName = new ConcurrentHashMap<>();

        @Override
        public Optional<Account> find(String name) {
            return Optional.ofNullable(byName.get(name));
        }

        @Override
        public List<Account> all() {
            return new ArrayList<>(byName.values());
        }

        @Override
        public void save(Account account) {
            byName.put(account.name(), account);
        }
    }

    @Test
    void tokensAreRandomAndLongAndTheCsrfTokenIsNotTheCookie() {
        Sessions sessions = new Sessions(clock, Duration.ofMinutes(10));
        Account a = new Account("nurse.one", Role.NURSE, "x", false);
        Session s1 = sessions.open(a);
        Session s2 = sessions.open(a);
        assertThat(s1.token()).hasSize(43).isNotEqualTo(s2.token()).isNotEqualTo(s1.csrf());
        assertThat(sessions.find(s1.token())).contains(s1);
        assertThat(sessions.find("nope")).isEmpty();
        assertThat(sessions.find(null)).isEmpty();
    }

    @Test
    void useKeepsASessionAliveAndIdlenessEndsIt() {
        Sessions sessions = new Sessions(clock, Duration.ofMinutes(10));
        Session s = sessions.open(new Account("nurse.one", Role.NURSE, "x", false));
        clock.advance(Duration.ofMinutes(9));
        assertThat(sessions.find(s.token())).isPresent();
        clock.advance(Duration.ofMinutes(9));
        assertThat(sessions.isLive(s)).isTrue();
        clock.advance(Duration.ofMinutes(2));
        assertThat(sessions.isLive(s)).isFalse();
        sessions.tick();
        assertThat(sessions.size()).isZero();
    }

    @Test
    void closingAllOfAUsersSessionsLeavesOthers() {
        Sessions sessions = new Sessions(clock, Duration.ofMinutes(10));
        Session ann = sessions.open(new Account("ann", Role.NURSE, "x", false));
        sessions.open(new Account("ann", Role.NURSE, "x", false));
        Session kim = sessions.open(new Account("kim", Role.INTENSIVIST, "x", false));
        sessions.closeAll("ann");
        assertThat(sessions.find(ann.token())).isEmpty();
        assertThat(sessions.find(kim.token())).isPresent();
    }

    @Test
    void aFloodOfSignInsIsBoundedByDroppingTheLeastRecentlyUsed() {
        Sessions sessions = new Sessions(clock, Duration.ofMinutes(10));
        Session first = sessions.open(new Account("a", Role.NURSE, "x", false));
        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < Sessions.MAX_SESSIONS + 5; i++) {
            sessions.open(new Account("b", Role.NURSE, "x", false));
        }
        assertThat(sessions.size()).isEqualTo(Sessions.MAX_SESSIONS);
        assertThat(sessions.find(first.token())).isEmpty();
    }

    @Test
    void passwordsAreBcryptHashedAndPolicyIsEnforced() {
        MapAccounts repo = new MapAccounts();
        Accounts accounts = new Accounts(repo, 4);
        accounts.create("ann", Role.NURSE, "ann-password");
        assertThat(repo.byName.get("ann").passwordHash()).startsWith("$2a$04$").doesNotContain("ann-password");
        assertThat(accounts.verify("ann", "ann-password")).isPresent();
        assertThat(accounts.verify("ann", "Ann-password")).isEmpty();
        assertThatThrownBy(() -> accounts.create("bob", Role.NURSE, "short")).hasMessageContaining("at least 8");
        assertThatThrownBy(() -> accounts.create("bob", Role.NURSE, "x".repeat(73))).hasMessageContaining("72 bytes");
        assertThatThrownBy(() -> accounts.create("ann", Role.NURSE, "another-password")).hasMessageContaining("exists");
        assertThatThrownBy(() -> accounts.create("Ann Smith", Role.NURSE, "another-password"))
                .hasMessageContaining("account name");
        assertThat(accounts.verify("ann", "x".repeat(100))).isEmpty();
        assertThat(accounts.verify(null, null)).isEmpty();
    }

    @Test
    void aGeneratedPasswordMustBeChangedToADifferentOneWhichClearsTheRequirement() {
        MapAccounts repo = new MapAccounts();
        Accounts accounts = new Accounts(repo, 4);
        accounts.create("admin", Role.ADMIN, "generated-1234", true);
        Account signedIn = accounts.verify("admin", "generated-1234").orElseThrow();
        assertThat(signedIn.passwordChangeRequired()).isTrue();
        accounts.update("admin", Role.ADMIN, null, false);
        assertThat(repo.byName.get("admin").passwordChangeRequired()).as("an admin edit keeps it").isTrue();
        assertThat(new Sessions(clock, Duration.ofMinutes(10)).open(signedIn).passwordChangeRequired()).isTrue();
        assertThatThrownBy(() -> accounts.changeOwnPassword("admin", "generated-1234")).hasMessageContaining("differ");
        assertThatThrownBy(() -> accounts.changeOwnPassword("admin", "short")).hasMessageContaining("at least 8");
        Account changed = accounts.changeOwnPassword("admin", "chosen-by-admin");
        assertThat(changed.passwordChangeRequired()).isFalse();
        assertThat(accounts.verify("admin", "generated-1234")).isEmpty();
        assertThat(accounts.verify("admin", "chosen-by-admin").orElseThrow().passwordChangeRequired()).isFalse();
    }

    @Test
    void rolesGrantWhatTheIssueSays() {
        assertThat(Role.NURSE.permissions()).containsExactlyInAnyOrder(Permission.VIEW, Permission.ACKNOWLEDGE);
        assertThat(Role.INTENSIVIST.permissions()).containsExactlyInAnyOrder(Permission.VIEW, Permission.ACKNOWLEDGE,
                Permission.EDIT_CONTEXT, Permission.SUPPRESS);
        assertThat(Role.BIOMED.permissions()).containsExactlyInAnyOrder(Permission.VIEW, Permission.EDIT_FEEDS);
        assertThat(Role.ADMIN.permissions()).containsExactlyInAnyOrder(Permission.VIEW, Permission.ADMINISTER);
        assertThat(Role.byWireName("biomed")).contains(Role.BIOMED);
        assertThat(Role.byWireName("BIOMED")).isEmpty();
    }
}
