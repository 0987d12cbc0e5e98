package org.ecmomonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.ecmomonitor.ingest.FeedRegistry;
import org.ecmomonitor.ingest.InMemoryFeeds;
import org.ecmomonitor.ingest.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedConfigWatcherTest {
    @TempDir
    Path dir;

    private void write(Path f, String yaml, int second) throws Exception {
        Files.writeString(f, yaml);
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2026-11-21T08:00:00Z").plusSeconds(second)));
    }

    @Test
    void appliesAChangedFileWithoutRestartAndKeepsTheRunningFeedsWhenTheFileBreaks() throws Exception {
        Path f = dir.resolve("ecmo.yaml");
        write(f, "feeds: [{device: console-b1, bed: B1}]\n", 0);
        FeedRegistry registry = new FeedRegistry(new InMemoryFeeds());
        FeedConfigWatcher watcher = new FeedConfigWatcher(f, registry);

        watcher.tick();
        assertThat(registry.find("console-b1")).isEmpty();

        write(f, "feeds: [{device: console-b1, bed: B1, aliases: {ABP_MEAN: map}}]\n", 1);
        watcher.tick();
        assertThat(registry.aliases("console-b1")).containsEntry("ABP_MEAN", Signal.MAP);

        write(f, "feeds: [{device: console-b1, aliases: {ABP_MEAN: nonsense}}]\n", 2);
        watcher.tick();
        assertThat(registry.aliases("console-b1")).containsEntry("ABP_MEAN", Signal.MAP);
    }
}
