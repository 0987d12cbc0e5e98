package org.ecmomonitor.alerts.esper;

/**
 * A device's clock offset as the engine estimates it (alert-rules.md Time 2), judged by DEVICE_CLOCK at most once
 * a second of receipt while the device is, or was lately, off by more than the clear limit.
 *
 * @param t the engine clock (receipt time)
 * @param offsetMillis receipt minus observation time: positive when the device's clock is behind the server's
 */
public record DeviceClockEval(String bed, String device, long t, long offsetMillis) {
}
