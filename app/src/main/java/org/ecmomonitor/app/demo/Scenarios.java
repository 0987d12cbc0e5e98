package org.ecmomonitor.app.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The scenarios that ship in the jar ({@code scenarios/*.yaml}), and scenario files given by path. */
public final class Scenarios {
    /** Every bundled scenario, by name. */
    public static final List<String> BUNDLED = List.of("stable", "weaning", "refractory-shock", "dpc-removal",
            "access-insufficiency", "bleeding", "garbage-device", "circuit-clot", "suction", "differential-hypoxia",
            "weaning-pump-stop", "bleeding-under-transfusion", "child");

    private Scenarios() {
    }

    /** A bundled scenario by name, or a YAML file by path. */
    public static Scenario load(String nameOrPath) {
        if (BUNDLED.contains(nameOrPath)) {
            try (InputStream in = Scenarios.class.getClassLoader()
                    .getResourceAsStream("scenarios/" + nameOrPath + ".yaml")) {
                if (in == null) {
                    throw new IllegalStateException("bundled scenario " + nameOrPath + " is missing from the jar");
                }
                return ScenarioParser.parse(in, nameOrPath + ".yaml");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path p = Path.of(nameOrPath);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("'" + nameOrPath + "' is neither a bundled scenario " + BUNDLED
                    + " nor a file");
        }
        try (InputStream in = Files.newInputStream(p)) {
            return ScenarioParser.parse(in, p.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }
}
