package org.ecmomonitor.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.ecmomonitor.ingest.Passwords;

/**
 * {@code hash-password}: a device password from standard input (never an argument: arguments show in the process
 * list and the shell history) to the {@code password_hash} a feed in the config file takes.
 */
final class HashPasswordCommand {
    private HashPasswordCommand() {
    }

    static int run(InputStream in, PrintStream out, PrintStream err) {
        String line;
        try {
            line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            err.println("hash-password: cannot read standard input: " + e.getMessage());
            return 1;
        }
        if (line == null || line.length() < 8 || line.length() > 128) {
            err.println("hash-password: give the device password (8 to 128 characters) as one line on standard input");
            return 2;
        }
        out.println(Passwords.hash(line.toCharArray()));
        return 0;
    }
}
