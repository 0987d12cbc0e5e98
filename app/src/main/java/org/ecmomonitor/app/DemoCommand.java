package org.ecmomonitor.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.ecmomonitor.app.demo.ScenarioPlayer;
import org.ecmomonitor.app.demo.Scenarios;
import org.ecmomonitor.app.demo.SimulatedClock;
import org.ecmomonitor.app.demo.Simulator;
import org.ecmomonitor.dashboards.auth.Accounts;
import org.ecmomonitor.dashboards.auth.Role;
import org.ecmomonitor.dashboards.sqlite.SqliteAccountRepository;
import org.ecmomonitor.ingest.mqtt.MqttEndpointConfig;

/**
 * {@code demo [--speed N]}: the monitor on the embedded defaults, with its data in a demo folder that every demo
 * start empties, plus fourteen simulated beds playing the bundled scenarios on a clock running N times faster than
 * the wall clock (default 10), and demo accounts. Runs until stopped.
 */
final class DemoCommand {
    static final String DEFAULT_DATA_DIR = "./demo-data";
    static final double DEFAULT_SPEED = 10;
    private static final String MARKER = ".ecmo-demo";

    /** Bed, scenario and seed: every scenario once, the stable course twice with different noise. */
    static final List<String[]> BEDS = List.of(new String[] {"B1", "stable", "11"},
            new String[] {"B2", "weaning", "12"}, new String[] {"B3", "refractory-shock", "13"},
            new String[] {"B4", "dpc-removal", "14"}, new String[] {"B5", "access-insufficiency", "15"},
            new String[] {"B6", "bleeding", "16"}, new String[] {"B7", "stable", "17"},
            new String[] {"B8", "garbage-device", "18"}, new String[] {"B9", "circuit-clot", "19"},
            new String[] {"B10", "suction", "20"}, new String[] {"B11", "differential-hypoxia", "21"},
            new String[] {"B12", "weaning-pump-stop", "22"}, new String[] {"B13", "bleeding-under-transfusion", "23"},
            new String[] {"B14", "child", "24"});

    /** Demo accounts, one per role: user, password, role. */
    static final List<String[]> ACCOUNTS = List.of(new String[] {"nurse", "nurse-demo", "nurse"},
            new String[] {"doctor", "doctor-demo", "intensivist"}, new String[] {"biomed", "biomed-demo", "biomed"},
            new String[] {"admin", "admin-demo", "admin"});

    private DemoCommand() {
    }

    static int run(List<String> args, Map<String, String> env, Optional<Path> configFile) {
        double speed = DEFAULT_SPEED;
        if (args.size() == 2 && args.get(0).equals("--speed")) {
            try {
                speed = Double.parseDouble(args.get(1));
            } catch (NumberFormatException e) {
                speed = -1;
            }
            if (!(speed >= 1 && speed <= 100)) {
                System.err.println("demo: --speed must be a number within 1..100, got " + args.get(1));
                return 2;
            }
        } else if (!args.isEmpty()) {
            System.err.println("demo: unknown arguments " + args + "; usage: demo [--speed N]");
            return 2;
        }
        Map<String, String> withDemoData = new HashMap<>(env);
        withDemoData.putIfAbsent("ECMO_DATA_DIR", DEFAULT_DATA_DIR);
        MonitorConfig config;
        try {
            config = new ConfigParser(withDemoData).parse(configFile);
            freshDemoFolder(config.dataDir());
        } catch (ConfigException | IllegalStateException e) {
            System.err.println("demo: " + e.getMessage());
            return 2;
        }
        if (config.mqtt().isEmpty() || config.mqtt().get().port() < 0 || config.http().port() < 0) {
            System.err.println("demo: the simulated beds need the built-in plain MQTT endpoint and the page plain"
                    + " HTTP (ECMO_MQTT_PORT or ECMO_HTTP_PORT is -1)");
            return 2;
        }
        try {
            createAccounts(config.dataDir());
        } catch (Exception e) {
            System.err.println("demo: cannot create the demo accounts: " + e.getMessage());
            return 1;
        }
        // the simulated gateways publish without credentials; they are let in from loopback only, and send context
        // as a trusted gateway would; a real device reaching the demo from elsewhere must sign in (issue 14)
        config = config.withMqtt(config.mqtt().map(m -> new MqttEndpointConfig(m.bind(), m.port(),
                m.maxPacketBytes(), m.receiveMaximum(), m.maxKeepAliveSeconds(), m.connectTimeoutSeconds(),
                MqttEndpointConfig.Anonymous.LOOPBACK_GATEWAYS, m.limits())));
        SimulatedClock clock = new SimulatedClock(System.currentTimeMillis(), speed);
        Monitor monitor = new Monitor(config, clock);
        Main.reportUncaughtErrors(monitor);
        List<Simulator.Bed> beds = new ArrayList<>();
        for (String[] b : BEDS) {
            beds.add(new Simulator.Bed(b[0], new ScenarioPlayer(Scenarios.load(b[1]), Long.parseLong(b[2]))));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Simulator[] simulator = new Simulator[1];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (simulator[0] != null) {
                simulator[0].close();
            }
            monitor.close();
            stopped.countDown();
        }, "shutdown"));
        try {
            monitor.start();
            simulator[0] = new Simulator("tcp://127.0.0.1:" + monitor.mqttAddress().getPort(), beds, clock);
            simulator[0].start();
        } catch (Exception e) {
            System.err.println("demo: cannot start: " + e);
            return 1;
        }
        printWelcome(monitor, speed);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void printWelcome(Monitor monitor, double speed) {
        StringBuilder b = new StringBuilder();
        b.append("demo: ").append(BEDS.size()).append(" simulated beds, time running ").append(speed)
                .append("x faster than the wall clock\n");
        BEDS.forEach(x -> b.append("  ").append(x[0]).append("  ").append(x[1]).append('\n'));
        b.append("demo: open http://").append(Monitor.hostPort(monitor.httpAddress())).append("/ and sign in as\n");
        ACCOUNTS.forEach(a -> b.append(String.format("  %-8s password %-12s (%s)%n", a[0], a[1], a[2])));
        b.append("demo: Ctrl-C stops it");
        System.out.println(b);
    }

    /** Empties a folder the demo made before (it holds the marker); refuses any other non-empty folder. */
    static void freshDemoFolder(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                boolean empty;
                try (Stream<Path> s = Files.list(dir)) {
                    empty = s.findAny().isEmpty();
                }
                if (!empty && !Files.exists(dir.resolve(MARKER))) {
                    throw new IllegalStateException(dir + " holds data that is not a demo's; the demo empties its"
                            + " folder at each start, so give it another (ECMO_DATA_DIR)");
                }
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        if (!p.equals(dir)) {
                            Files.delete(p);
                        }
                    }
                }
            }
            org.ecmomonitor.ingest.OwnerOnly.createFolders(dir);
            Files.writeString(dir.resolve(MARKER), "this folder is emptied at every start of the ECMO monitor demo\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir, e);
        }
    }

    private static void createAccounts(Path dataDir) throws Exception {
        try (SqliteAccountRepository repo = new SqliteAccountRepository(dataDir.resolve("monitor.db"))) {
            Accounts accounts = new Accounts(repo, 10);
            for (String[] a : ACCOUNTS) {
                accounts.create(a[0], Role.byWireName(a[2]).orElseThrow(), a[1]);
            }
        }
    }
}
