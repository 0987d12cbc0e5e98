package org.ecmomonitor.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.ecmomonitor.ingest.FeedRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the feeds of the config file when the file changes (checked on each {@link #tick()}), so a biomedical
 * engineer can add a device or an alias without a restart. A file that no longer parses is reported and the
 * running configuration is kept.
 */
final class FeedConfigWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(FeedConfigWatcher.class);

    private final Path file;
    private final FeedRegistry registry;
    private FileTime lastModified;

    FeedConfigWatcher(Path file, FeedRegistry registry) throws IOException {
        this.file = file;
        this.registry = registry;
        this.lastModified = Files.getLastModifiedTime(file);
    }

    synchronized void tick() {
        try {
            FileTime t = Files.getLastModifiedTime(file);
            if (t.equals(lastModified)) {
                return;
            }
            lastModified = t;
            int changed = registry.applyConfigured(ConfigParser.feedsOf(file));
            LOG.info("config file {} changed: {} feed(s) updated", file, changed);
        } catch (IOException e) {
            LOG.error("config file {} cannot be read, keeping the running feed configuration: {}", file,
                    e.getMessage());
        } catch (ConfigException e) {
            LOG.error("config file {} has an error, keeping the running feed configuration: {}", file,
                    e.getMessage());
        }
    }
}
