package org.ecmomonitor.alerts.replay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ecmomonitor.ingest.ContextUpdate;
import org.ecmomonitor.ingest.IngestListener;
import org.ecmomonitor.ingest.PatientContext;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.SourceNotice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The black box (contract §2 v2, Recording): every sample and context change ingest takes, after parsing and before
 * the rules, appended as a replay line with its {@code receivedAt} to the file of its UTC day of receipt
 * ({@link DayFiles}), so that {@code replay} of a day's file plays that day through the same rules.
 *
 * <p>Ingest's threads only put messages on a bounded queue; a thread of its own ("recorder") writes them. A full
 * queue or a failed write loses lines, never holds up or fails ingest: they are counted
 * ({@code ecmo.record.dropped}, by reason) and logged at most once a minute. Lines reach the file system at least once
 * a second ({@code ecmo.record.lines} counts those that did) and on {@link #close}.
 *
 * <p>Each file the recorder starts (the first after {@link #start}, and each new day's) opens with every bed's
 * current context as context lines at the receipt time of its first line: a context set days ago (a MAP target, the
 * cannulated leg) still decides how that day is judged, as it did live.
 */
public final class Recorder implements IngestListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);
    /** Messages waiting for the recorder's thread; as many as ingest's own write queue holds by default. */
    static final int QUEUE_CAPACITY = 100_000;
    private static final long FLUSH_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** After a failed open or write, lines are dropped for this long before the file is tried again. */
    private static final long RETRY_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long LOG_INTERVAL_MILLIS = 60_000;
    private static final long NEVER = Long.MIN_VALUE;
    private static final Object STOP = new Object();

    private record Samples(List<Sample> samples, long receivedMillis) {
    }

    private record Context(ContextUpdate update, long receivedMillis) {
    }

    private final DayFiles files;
    private final Clock clock;
    private final BlockingQueue<Object> queue;
    private final Counter lines;
    private final Counter queueFull;
    private final Counter writeFailed;
    private final Counter closedDropped;
    private final AtomicLong lastLoggedMillis = new AtomicLong(NEVER);
    private final AtomicLong heldBack = new AtomicLong();
    private volatile boolean closed;
    private Thread thread;

    // the recorder thread's own state
    private final Map<String, PatientContext> contexts = new TreeMap<>();
    private LocalDate day;
    private LocalDate snapshotDay;
    private FileOutputStream file;
    private OutputStream out;
    private long unflushed;
    private long retryAtNanos;
    private boolean retrying;
    /** Why the file could not be opened or written, while {@link #retrying}. */
    private String problem;

    /**
     * @param folder where the day files go (created at {@link #start})
     * @param days a day's file is deleted once all its lines are older than this many days
     */
    public Recorder(Path folder, int days, Clock clock, MeterRegistry meters) {
        this(folder, days, clock, meters, QUEUE_CAPACITY);
    }

    Recorder(Path folder, int days, Clock clock, MeterRegistry meters, int queueCapacity) {
        this.files = new DayFiles(folder, days);
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.lines = Counter.builder("ecmo.record.lines")
                .description("replay lines recorded (handed to the file system)").register(meters);
        this.queueFull = dropped(meters, "queue_full");
        this.writeFailed = dropped(meters, "write_failed");
        this.closedDropped = dropped(meters, "closed");
    }

    private static Counter dropped(MeterRegistry meters, String reason) {
        return Counter.builder("ecmo.record.dropped").description("replay lines not recorded, by reason")
                .tag("reason", reason).register(meters);
    }

    /**
     * Creates the folder, deletes the expired day files and starts the recorder's thread.
     *
     * @param current every bed's context now (as the rule engine starts with it), written at the top of each file
     * @throws IOException when the folder cannot be made
     */
    public synchronized void start(Map<String, PatientContext> current) throws IOException {
        if (thread != null || closed) {
            throw new IllegalStateException("the recorder starts once");
        }
        files.createFolder();
        deleteExpired();
        contexts.putAll(current);
        thread = new Thread(this::run, "recorder");
        thread.setDaemon(true);
        thread.start();
        LOG.info("recording ingest to {} ({} days kept)", files.folder(), files.days());
    }

    @Override
    public void onSamples(List<Sample> samples, long receivedMillis) {
        offer(new Samples(samples, receivedMillis), samples.size());
    }

    /**
     * The samples of a device that is not the bed's source are recorded too, with their device: replay makes the
     * same choice of source from the lines (the notices are not recorded, replay derives them).
     */
    @Override
    public void onOtherSources(List<Sample> notJudged, List<SourceNotice> notices, long receivedMillis) {
        if (!notJudged.isEmpty()) {
            offer(new Samples(notJudged, receivedMillis), notJudged.size());
        }
    }

    @Override
    public void onContext(ContextUpdate update, long receivedMillis) {
        offer(new Context(update, receivedMillis), 1);
    }

    /** On ingest's threads: never blocks, never throws. */
    private void offer(Object item, int lineCount) {
        if (closed) {
            lost(closedDropped, lineCount, "the recorder is closed");
        } else if (!queue.offer(item)) {
            lost(queueFull, lineCount, "the recorder's queue is full (the disk is too slow)");
        }
    }

    private void run() {
        long nextFlush = System.nanoTime() + FLUSH_INTERVAL_NANOS;
        try {
            while (true) {
                Object item = queue.poll(Math.max(0, nextFlush - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (item == STOP || (item == null && closed)) {
                    break;
                }
                if (item != null) {
                    write(item);
                }
                long now = System.nanoTime();
                if (now - nextFlush >= 0) {
                    flush();
                    nextFlush = now + FLUSH_INTERVAL_NANOS;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Object item;
            while ((item = queue.poll()) != null) {
                if (item != STOP) {
                    write(item);
                }
            }
            closeFile();
        }
    }

    private void write(Object item) {
        try {
            writeLines(item);
        } catch (RuntimeException e) {
            lost(writeFailed, lineCount(item), "cannot write a " + item.getClass().getSimpleName() + " line: " + e);
        }
    }

    private static int lineCount(Object item) {
        return item instanceof Samples batch ? batch.samples().size() : item == STOP ? 0 : 1;
    }

    private void writeLines(Object item) {
        if (item instanceof Samples batch) {
            for (Sample s : batch.samples()) {
                append(batch.receivedMillis(), RecordLines.sample(s, batch.receivedMillis()));
            }
        } else {
            Context c = (Context) item;
            ContextUpdate u = c.update();
            append(c.receivedMillis(), RecordLines.context(u.bed(), u.tsMillis(), c.receivedMillis(), u.set(),
                    u.cleared()));
            contexts.put(u.bed(), contexts.getOrDefault(u.bed(), PatientContext.EMPTY).apply(u.set(), u.cleared()));
        }
    }

    private void append(long receivedMillis, byte[] line) {
        if (!openFor(receivedMillis)) {
            lost(writeFailed, 1, problem);
            return;
        }
        try {
            out.write(line);
            unflushed++;
        } catch (IOException e) {
            failed(e, 1);
        }
    }

    /** Makes {@link #out} the file of the day of {@code receivedMillis}; false while the file cannot be opened. */
    private boolean openFor(long receivedMillis) {
        LocalDate d = DayFiles.dayOf(receivedMillis);
        if (out != null && d.equals(day)) {
            return true;
        }
        if (out != null) {
            closeFile();
        }
        if (retrying && System.nanoTime() - retryAtNanos < 0) {
            return false;
        }
        boolean newDay = day != null && d.isAfter(day);
        day = d;
        if (newDay) {
            deleteExpired();
        }
        try {
            file = files.open(d);
            out = new BufferedOutputStream(file, 1 << 16);
            retrying = false;
        } catch (IOException e) {
            backOff("cannot open " + files.fileOf(d) + ": " + e);
            return false;
        }
        if (!d.equals(snapshotDay) && writeContexts(receivedMillis)) {
            snapshotDay = d;
        }
        return out != null;
    }

    /** Every bed's current context, at the top of a file (see the class comment); false when the write failed. */
    private boolean writeContexts(long receivedMillis) {
        for (Map.Entry<String, PatientContext> e : contexts.entrySet()) {
            if (e.getValue().equals(PatientContext.EMPTY)) {
                continue;
            }
            try {
                out.write(RecordLines.context(e.getKey(), receivedMillis, receivedMillis, e.getValue(), Set.of()));
                unflushed++;
            } catch (IOException ex) {
                failed(ex, 1);
                return false;
            }
        }
        return true;
    }

    private void flush() {
        if (out == null || unflushed == 0) {
            return;
        }
        try {
            out.flush();
            lines.increment(unflushed);
            unflushed = 0;
        } catch (IOException e) {
            failed(e, 0);
        }
    }

    /** Flushes, forces to disk (a day's file is complete, or the monitor stops) and closes the current file. */
    private void closeFile() {
        flush();
        if (out == null) {
            return;
        }
        try {
            file.getFD().sync();
            out.close();
        } catch (IOException e) {
            LOG.warn("recorder: closing {}: {}", files.fileOf(day), e.toString());
        }
        out = null;
        file = null;
    }

    /** A write failed: what was not yet flushed is lost with {@code more} lines; the file is retried in a second. */
    private void failed(IOException e, int more) {
        long lost = unflushed + more;
        unflushed = 0;
        try {
            out.close();
        } catch (IOException ignored) {
            // the stream is already broken; its first failure is the one reported
        }
        out = null;
        file = null;
        backOff("writing " + files.fileOf(day) + " failed: " + e);
        lost(writeFailed, lost, problem);
    }

    private void backOff(String why) {
        problem = why;
        retrying = true;
        retryAtNanos = System.nanoTime() + RETRY_AFTER_NANOS;
    }

    private void deleteExpired() {
        List<String> problems = new ArrayList<>();
        for (Path p : files.deleteExpired(DayFiles.dayOf(clock.millis()), problems)) {
            LOG.info("recorder: deleted {} (older than the days kept)", p);
        }
        for (String p : problems) {
            LOG.warn("recorder: {}", p);
        }
    }

    /** Counts lost lines and logs at most once a minute, saying how many more were lost in between. */
    private void lost(Counter counter, long lineCount, String why) {
        if (lineCount <= 0) {
            return;
        }
        counter.increment(lineCount);
        long now = clock.millis();
        long last = lastLoggedMillis.get();
        if (last != NEVER && now - last < LOG_INTERVAL_MILLIS || !lastLoggedMillis.compareAndSet(last, now)) {
            heldBack.addAndGet(lineCount);
            return;
        }
        long more = heldBack.getAndSet(0);
        LOG.warn("recorder: {} line(s) not recorded: {}{}", lineCount, why,
                more == 0 ? "" : " (" + more + " more since the last report)");
    }

    /** Writes what is queued, flushes, forces the file to disk and stops the thread. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = thread;
        }
        if (t != null) {
            queue.offer(STOP);
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                LOG.warn("recorder: still writing after 10 s; the rest of its queue is lost");
            }
        }
        if (t == null || !t.isAlive()) {
            long left = 0;
            Object item;
            while ((item = queue.poll()) != null) {
                left += lineCount(item);
            }
            lost(closedDropped, left, "the recorder closed before writing them");
        }
    }
}
