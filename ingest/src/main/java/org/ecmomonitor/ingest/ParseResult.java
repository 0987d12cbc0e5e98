package org.ecmomonitor.ingest;

import java.util.List;

/** What one message yielded: the accepted samples and context, and every rejected item with its reason. */
public record ParseResult(List<Sample> samples, List<ContextUpdate> contexts, List<Rejection> rejections) {

    public ParseResult {
        samples = List.copyOf(samples);
        contexts = List.copyOf(contexts);
        rejections = List.copyOf(rejections);
    }

    public static ParseResult rejected(Rejection rejection) {
        return new ParseResult(List.of(), List.of(), List.of(rejection));
    }

    public boolean hasAccepted() {
        return !samples.isEmpty() || !contexts.isEmpty();
    }
}
