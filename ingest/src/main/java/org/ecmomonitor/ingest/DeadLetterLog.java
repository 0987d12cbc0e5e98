package org.ecmomonitor.ingest;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bounded dead-letter log: one JSON line per rejected message with its raw bytes (base64), in
 * {@code deadletter.jsonl} under the data folder, rotated to {@code .1 .. .N} past a size so that the disk use is
 * bounded by {@code maxFileBytes × (files + 1)}. The latest few records per feed are also kept in memory for the
 * feed console.
 */
public final class DeadLetterLog implements AutoCloseable {
    public static final int LATEST_PER_FEED = 5;

    private static final JsonFactory JSON = new JsonFactory();

    private final Path file;
    private final long maxFileBytes;
    private final int rotatedFiles;
    private final Map<String, Deque<DeadLetter>> latest = new ConcurrentHashMap<>();
    private FileChannel channel;

    public DeadLetterLog(Path directory, long maxFileBytes, int rotatedFiles) {
        if (maxFileBytes < 1024 || rotatedFiles < 1) {
            throw new IllegalArgumentException("dead-letter log needs at least 1 KiB per file and 1 rotated file");
        }
        this.file = directory.resolve("deadletter.jsonl");
        this.maxFileBytes = maxFileBytes;
        this.rotatedFiles = rotatedFiles;
        try {
            OwnerOnly.createFolders(directory);
            this.channel = open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open dead-letter log " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    /** Appends the records and forces them to disk. Called by the ingest writer thread only. */
    public synchronized void append(List<DeadLetter> letters) throws IOException {
        if (letters.isEmpty()) {
            return;
        }
        for (DeadLetter d : letters) {
            byte[] line = encode(d);
            if (channel.size() + line.length > maxFileBytes && channel.size() > 0) {
                rotate();
            }
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            remember(d);
        }
        channel.force(false);
    }

    /** The latest dead letters of a feed, newest first. */
    public List<DeadLetter> latest(String feed) {
        Deque<DeadLetter> q = latest.get(feed);
        if (q == null) {
            return List.of();
        }
        synchronized (q) {
            return new ArrayList<>(q);
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void remember(DeadLetter d) {
        Deque<DeadLetter> q = latest.computeIfAbsent(d.feed(), k -> new ArrayDeque<>());
        synchronized (q) {
            q.addFirst(d);
            while (q.size() > LATEST_PER_FEED) {
                q.removeLast();
            }
        }
    }

    private void rotate() throws IOException {
        channel.close();
        for (int i = rotatedFiles - 1; i >= 1; i--) {
            Path from = rotated(i);
            if (Files.exists(from)) {
                Files.move(from, rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        channel = open();
    }

    private Path rotated(int i) {
        return file.resolveSibling(file.getFileName() + "." + i);
    }

    /** The log holds devices' raw payloads: 0600 (rotations are renames and keep it). */
    private FileChannel open() throws IOException {
        OwnerOnly.createFile(file);
        return FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    static byte[] encode(DeadLetter d) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + (d.raw() == null ? 0 : d.raw().length * 4 / 3));
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("at", Instant.ofEpochMilli(d.atMillis()).toString());
            g.writeStringField("source", d.source());
            g.writeStringField("topic", d.topic());
            g.writeStringField("feed", d.feed());
            g.writeArrayFieldStart("rejections");
            for (Rejection r : d.rejections()) {
                g.writeStartObject();
                g.writeNumberField("index", r.index());
                g.writeStringField("reason", r.reason().wireName());
                g.writeStringField("detail", r.detail());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("size", d.size());
            if (d.raw() != null) {
                g.writeStringField("raw_base64", Base64.getEncoder().encodeToString(d.raw()));
            }
            g.writeEndObject();
        }
        out.write('\n');
        return out.toByteArray();
    }
}
