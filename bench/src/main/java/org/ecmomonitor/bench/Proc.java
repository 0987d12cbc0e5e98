package org.ecmomonitor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of a process from {@code /proc/<pid>/stat} (user + system), in seconds. */
final class Proc {
    /** Linux's USER_HZ; {@code getconf CLK_TCK} is 100 on every common kernel configuration. */
    private static final double TICKS_PER_SECOND = 100;

    private Proc() {
    }

    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** CPU time of a process and all its descendants that are still running (a server started by a script). */
    static double cpuSecondsWithChildren(ProcessHandle p) {
        double sum = cpuSeconds(p.pid());
        for (ProcessHandle c : p.descendants().toList()) {
            sum += cpuSeconds(c.pid());
        }
        return sum;
    }
}
