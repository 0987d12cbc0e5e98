package org.ecmomonitor.ingest;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The real servers integration tests run against, as {@code .ci/run} provides them. A test that needs a server
 * fails loudly when it is missing (run the tests through {@code bash .ci/run}); it never skips.
 */
public final class TestServers {
    private TestServers() {
    }

    /** The InfluxDB that {@code .ci/run} started. */
    public static String influxUrl() {
        return required("ECMO_IT_INFLUX_URL");
    }

    /** The Mosquitto that {@code .ci/run} started. */
    public static String brokerUrl() {
        return required("ECMO_IT_BROKER_URL");
    }

    /** Starts a private InfluxDB (data in {@code dir}) that the test may stop and restart. */
    public static ServerProcess startInflux(Path dir) throws IOException {
        return ServerProcess.start("influxd", dir, freePort());
    }

    /** Starts a private Mosquitto (persistent, data in {@code dir}) that the test may stop and restart. */
    public static ServerProcess startMosquitto(Path dir) throws IOException {
        return ServerProcess.start("mosquitto", dir, freePort());
    }

    static Path script() {
        Path p = Path.of(required("ECMO_IT_SERVERS"));
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("ECMO_IT_SERVERS points to " + p + ", which is not a file");
        }
        return p;
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String required(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(name + " is not set: integration tests need the servers that"
                    + " `bash .ci/run` starts (run the tests with that command)");
        }
        return v;
    }

    /** A server process owned by the test. */
    public static final class ServerProcess implements AutoCloseable {
        private final String kind;
        private final Path dir;
        private final int port;
        private Process process;

        private ServerProcess(String kind, Path dir, int port) {
            this.kind = kind;
            this.dir = dir;
            this.port = port;
        }

        static ServerProcess start(String kind, Path dir, int port) throws IOException {
            ServerProcess s = new ServerProcess(kind, dir, port);
            s.start();
            return s;
        }

        public int port() {
            return port;
        }

        /** Outside the test's temporary folder, so that a failure can be read afterwards. */
        public Path logFile() {
            return Path.of(System.getProperty("java.io.tmpdir"), "ecmo-it-" + kind + "-" + port + ".log");
        }

        public synchronized void start() throws IOException {
            process = new ProcessBuilder("bash", script().toString(), kind, dir.toString(), String.valueOf(port))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(this::accepting);
        }

        /** Stops the server the way a service manager does (SIGTERM), and waits for it to exit. */
        public synchronized void stop() throws InterruptedException {
            if (process != null) {
                process.destroy();
                process.waitFor();
                process = null;
            }
        }

        /** Freezes the server (SIGSTOP): its port stays open and nothing is answered, as when a server hangs. */
        public synchronized void pause() throws IOException, InterruptedException {
            signal("STOP");
        }

        /** Lets a paused server go on (SIGCONT). */
        public synchronized void resume() throws IOException, InterruptedException {
            signal("CONT");
        }

        private void signal(String name) throws IOException, InterruptedException {
            if (process == null) {
                throw new IllegalStateException(kind + " is not running");
            }
            // servers.sh execs the server, so the process started is the server itself
            Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        }

        private boolean accepting() {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(kind + " exited with " + process.exitValue() + "; see the log next to "
                        + dir);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
