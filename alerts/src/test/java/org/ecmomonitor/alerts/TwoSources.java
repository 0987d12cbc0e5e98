package org.ecmomonitor.alerts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongPredicate;
import org.ecmomonitor.ingest.IngestListener;
import org.ecmomonitor.ingest.Sample;
import org.ecmomonitor.ingest.Signal;
import org.ecmomonitor.ingest.SignalSources;
import org.ecmomonitor.ingest.SourceNotice;

/**
 * Two devices publishing pump speed and flow for one bed, played as ingest plays them live: each message split by
 * {@link SignalSources} on its receipt time, the source's samples to the engine as samples, the notices as notices,
 * and both told to any extra listener (the recorder), as IngestPipeline tells its listeners.
 */
final class TwoSources {
    static final long T0 = Scenario.T0.toEpochMilli();

    /** One message: a device's speed and flow, observed at {@code ts}, received 200 ms later. */
    record Message(long receivedMillis, List<Sample> samples) {
    }

    private final List<Message> messages = new ArrayList<>();

    /**
     * A device sending speed and flow every {@code everyMillis} while {@code sending} holds for the offset (ms
     * after T0) of each message.
     */
    TwoSources device(String bed, String device, long everyMillis, long fromMillis, long toMillis,
                      LongPredicate sending, double rpm, double flow) {
        for (long t = fromMillis; t < toMillis; t += everyMillis) {
            if (sending.test(t)) {
                messages.add(new Message(T0 + t + 200, List.of(Sample.of(bed, device, Signal.ECMO_SPEED, T0 + t, rpm),
                        Sample.of(bed, device, Signal.ECMO_FLOW, T0 + t, flow))));
            }
        }
        return this;
    }

    TwoSources device(String bed, String device, long everyMillis, long fromMillis, long toMillis, double rpm,
                      double flow) {
        return device(bed, device, everyMillis, fromMillis, toMillis, t -> true, rpm, flow);
    }

    /** Plays every message in receipt order (stable), then runs the clock to {@code untilMillis} after T0. */
    List<AlertEvent> play(AlertEngine engine, SignalSources.Configured feeds, long untilMillis,
                          IngestListener... alsoTold) {
        List<AlertEvent> events = new ArrayList<>();
        engine.addListener(events::add);
        SignalSources sources = new SignalSources(feeds);
        List<Message> sorted = new ArrayList<>(messages);
        sorted.sort(Comparator.comparingLong(Message::receivedMillis));
        for (Message m : sorted) {
            SignalSources.Split split = sources.split(m.samples(), m.receivedMillis());
            for (Sample s : split.judged()) {
                engine.onSample(s, m.receivedMillis());
            }
            for (SourceNotice n : split.notices()) {
                engine.onSourceNotice(n, m.receivedMillis());
            }
            engine.flush();
            for (IngestListener l : alsoTold) {
                if (!split.judged().isEmpty()) {
                    l.onSamples(split.judged(), m.receivedMillis());
                }
                if (!split.notices().isEmpty()) {
                    l.onOtherSources(split.notJudged(), split.notices(), m.receivedMillis());
                }
            }
        }
        engine.advanceTo(T0 + untilMillis);
        return events;
    }
}
