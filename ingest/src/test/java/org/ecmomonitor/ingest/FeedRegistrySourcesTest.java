package org.ecmomonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeedRegistrySourcesTest {
    private final InMemoryFeeds repo = new InMemoryFeeds();

    @Test
    void namesTheFeedsThatListASignalOnTheirBed() {
        FeedRegistry registry = new FeedRegistry(repo);
        registry.put(new Feed("console-b6", "B6", null, Map.of(), Set.of(Signal.ECMO_SPEED, Signal.ECMO_FLOW)));
        registry.put(new Feed("monitor-b6", "B6", null, Map.of(), Set.of(Signal.MAP)));

        assertThat(registry.configuredSources("B6", Signal.ECMO_SPEED)).containsExactly("console-b6");
        assertThat(registry.configuredSources("B6", Signal.MAP)).containsExactly("monitor-b6");
        assertThat(registry.configuredSources("B6", Signal.NIRS_LEFT)).isEmpty();
        assertThat(registry.configuredSources("B7", Signal.MAP)).isEmpty();
    }

    @Test
    void aFeedMovedToAnotherBedNoLongerOwnsItsSignalsOnTheFirst() {
        FeedRegistry registry = new FeedRegistry(repo);
        registry.put(new Feed("console-b6", "B6", null, Map.of(), Set.of(Signal.ECMO_SPEED)));
        registry.put(new Feed("console-b6", "B7", null, Map.of(), Set.of(Signal.ECMO_SPEED)));

        assertThat(registry.configuredSources("B6", Signal.ECMO_SPEED)).isEmpty();
        assertThat(registry.configuredSources("B7", Signal.ECMO_SPEED)).containsExactly("console-b6");
    }

    @Test
    void feedsStoredBeforeAStartOwnTheirSignalsAfterIt() {
        repo.save(new Feed("console-b6", "B6", null, Map.of(), Set.of(Signal.ECMO_SPEED)));

        assertThat(new FeedRegistry(repo).configuredSources("B6", Signal.ECMO_SPEED)).containsExactly("console-b6");
    }
}
