package org.ecmomonitor.alerts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Converts the MIMIC-IV Clinical Database Demo v2.2 (PhysioNet, doi 10.13026/07hj-2a80, ODbL; read from
 * {@code ../shared/data/}, never copied into the repository) into replay lines: invasive MAP (itemid 220052),
 * lactate (lab 50813), Foley urine output (226559) and admission weight (226512, as context). One bed per
 * patient ({@code S<subject_id>}). De-identified dates (2110-2201) are shifted back 200 years; charted times
 * are taken as UTC.
 */
final class MimicDemo {
    static final Path DIR = Path.of("..", "..", "shared", "data", "mimic-iv-demo");
    private static final DateTimeFormatter CHART = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final int SHIFT_YEARS = 200;

    private record Line(long t, String json) {
    }

    private MimicDemo() {
    }

    static Path file(String name) {
        Path p = DIR.resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("MIMIC-IV demo file missing: " + p.toAbsolutePath()
                    + " (the data lives in ../shared/data beside the repository)");
        }
        return p;
    }

    /** All replay lines, in time order. */
    static List<String> replayLines() throws IOException {
        List<Line> out = new ArrayList<>();
        forEachRow("mimic_iv_demo_chartevents_numeric_from_meds.csv.gz", c -> {
            // subject_id,stay_id,charttime,itemid,valuenum,valueuom
            if (c.length < 5 || c[4].isEmpty()) {
                return;
            }
            if (c[3].equals("220052")) {
                out.add(sample(c[0], "monitor", c[2], "map", c[4], "mmHg", null));
            } else if (c[3].equals("226512")) {
                long t = time(c[2]);
                out.add(new Line(t, "{\"bed\":\"S" + c[0] + "\",\"ts\":\"" + iso(t) + "\",\"context\":{\"weight_kg\":"
                        + c[4] + "}}"));
            }
        });
        forEachRow("mimic_iv_demo_lactate_50813.csv.gz", c -> {
            // labevent_id,subject_id,hadm_id,specimen_id,itemid,order_provider_id,charttime,storetime,value,valuenum,
            // valueuom,...
            if (c.length > 10 && c[4].equals("50813") && !c[9].isEmpty()) {
                out.add(sample(c[1], "lab", c[6], "lactate", c[9], c[10].isEmpty() ? "mmol/L" : c[10], "arterial"));
            }
        });
        forEachRow("mimic_iv_demo_icu_outputevents.csv.gz", c -> {
            // subject_id,hadm_id,stay_id,caregiver_id,charttime,storetime,itemid,value,valueuom
            if (c.length > 8 && c[6].equals("226559") && !c[7].isEmpty()) {
                out.add(sample(c[0], "foley", c[4], "urine_output", c[7], "mL", null));
            }
        });
        out.sort(Comparator.comparingLong(Line::t));
        return out.stream().map(Line::json).toList();
    }

    private static Line sample(String subject, String device, String charttime, String signal, String value,
                               String unit, String specimen) {
        long t = time(charttime);
        return new Line(t, "{\"bed\":\"S" + subject + "\",\"device\":\"" + device + "\",\"ts\":\"" + iso(t)
                + "\",\"signal\":\"" + signal + "\",\"value\":" + value + ",\"unit\":\"" + unit + "\""
                + (specimen == null ? "" : ",\"specimen\":\"" + specimen + "\"") + "}");
    }

    static long time(String charttime) {
        return LocalDateTime.parse(charttime, CHART).minusYears(SHIFT_YEARS).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static String iso(long t) {
        return java.time.Instant.ofEpochMilli(t).toString();
    }

    private static void forEachRow(String name, java.util.function.Consumer<String[]> row) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file(name))), StandardCharsets.UTF_8))) {
            String header = r.readLine();
            if (header == null) {
                throw new IOException(name + " is empty");
            }
            String line;
            while ((line = r.readLine()) != null) {
                row.accept(line.split(",", -1));
            }
        }
    }
}
