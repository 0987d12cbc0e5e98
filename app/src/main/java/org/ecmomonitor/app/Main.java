package org.ecmomonitor.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar ecmo-monitor.jar [run] [--config FILE]}: starts the monitor and runs until stopped
 * (SIGTERM/Ctrl-C closes everything in order).
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    private static final String USAGE = """
            usage: java -jar ecmo-monitor.jar [run] [--config FILE]
                   java -jar ecmo-monitor.jar demo [--speed N] [--config FILE]
                   java -jar ecmo-monitor.jar replay FILE.jsonl [--config FILE]
                   java -jar ecmo-monitor.jar scenario NAME|FILE [--bed B] [--start ISO] [--seed N]
                   java -jar ecmo-monitor.jar hash-password < password.txt
              run        start the monitor (the default)
              demo       the monitor with fourteen simulated beds playing the bundled scenarios, time running N
                         times faster (default 10), demo accounts, data in ./demo-data (emptied at each start)
              scenario   a scenario (bundled: stable, weaning, refractory-shock, dpc-removal, access-insufficiency,
                         bleeding, garbage-device, circuit-clot, suction, differential-hypoxia, weaning-pump-stop,
                         bleeding-under-transfusion, child; or a YAML file) as replay lines on standard output
              replay     play recorded data (JSON lines, '-' for standard input) through the rule pack; alert
                         events on standard output, bad lines and a summary on standard error
              hash-password  reads a device password (one line, 8 to 128 characters) from standard input and
                         prints its password_hash for the feeds section of the config file
              --config   YAML configuration file; every key can also be set as ECMO_<KEY> (see README)""";

    private Main() {
    }

    /**
     * A thread killed by an Error (out of memory, a class that failed to load) leaves a part of the monitor dead
     * while the rest answers: /health must say so (issue 14: the MQTT event loops died while /health said 200).
     */
    static void reportUncaughtErrors(Monitor monitor) {
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (e instanceof Error) {
                monitor.fatalErrors().failed("thread " + thread.getName(), e);
                LOG.error("thread {} died of a fatal error; /health reports it until a restart", thread.getName(), e);
            } else {
                LOG.error("thread {} died of an uncaught exception", thread.getName(), e);
            }
        });
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        List<String> rest = new ArrayList<>(List.of(args));
        Optional<Path> config = Optional.empty();
        int i = rest.indexOf("--config");
        if (i >= 0) {
            if (i + 1 >= rest.size()) {
                System.err.println("--config needs a file\n" + USAGE);
                return 2;
            }
            config = Optional.of(Path.of(rest.get(i + 1)));
            rest.remove(i + 1);
            rest.remove(i);
        }
        String command = rest.isEmpty() ? "run" : rest.remove(0);
        if (command.equals("hash-password") && rest.isEmpty()) {
            return HashPasswordCommand.run(System.in, System.out, System.err);
        }
        if (command.equals("scenario")) {
            return ScenarioCommand.run(rest);
        }
        if (command.equals("demo")) {
            return DemoCommand.run(rest, System.getenv(), config);
        }
        boolean replay = command.equals("replay") && rest.size() == 1;
        if (!(command.equals("run") && rest.isEmpty()) && !replay) {
            System.err.println("unknown command or argument: " + String.join(" ", args) + "\n" + USAGE);
            return 2;
        }
        MonitorConfig parsed;
        try {
            parsed = new ConfigParser(System.getenv()).parse(config);
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            return 2;
        }
        if (replay) {
            return ReplayCommand.run(rest.get(0), parsed.ruleVariables(), parsed.feeds(), parsed.retention());
        }
        Monitor monitor = new Monitor(parsed, new SteadyClock());
        reportUncaughtErrors(monitor);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            monitor.close();
            stopped.countDown();
        }, "shutdown"));
        try {
            monitor.start();
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println("cannot start: " + e);
            return 1;
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
