package org.ecmomonitor.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** InfluxDB or Mosquitto on loopback with a temporary data folder, through the repository's .ci/servers.sh. */
final class ServerProcess implements AutoCloseable {
    final Process process;
    final int port;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static ServerProcess start(Path serversScript, String kind, Path dir, Path log) throws Exception {
        int port = freePort(serversScript);
        Process p = new ProcessBuilder("bash", serversScript.toString(), kind, dir.toString(), String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new ServerProcess(p, port);
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException(kind + " did not start on port " + port + "; see " + log);
    }

    private static int freePort(Path serversScript) throws Exception {
        Process p = new ProcessBuilder("bash", serversScript.toString(), "free-port").start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return Integer.parseInt(out);
    }

    double cpuSeconds() {
        return Proc.cpuSecondsWithChildren(process.toHandle());
    }

    /** Stops (SIGSTOP) or resumes (SIGCONT) the server and its children: a store that hangs, not one that fails. */
    void signal(String sig) throws Exception {
        for (ProcessHandle h : process.toHandle().descendants().toList()) {
            new ProcessBuilder("kill", "-" + sig, String.valueOf(h.pid())).start().waitFor();
        }
        new ProcessBuilder("kill", "-" + sig, String.valueOf(process.pid())).start().waitFor();
    }

    @Override
    public void close() {
        process.toHandle().descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
