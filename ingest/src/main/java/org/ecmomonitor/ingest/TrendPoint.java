package org.ecmomonitor.ingest;

/** One time bucket of a trend (contract §3 series): bucket start, min, mean, max and count of valid samples. */
public record TrendPoint(long tMillis, double min, double mean, double max, long n) {
}
