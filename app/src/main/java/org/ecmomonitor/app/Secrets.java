package org.ecmomonitor.app;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of configuration errors (issue 14: a config syntax error printed the broker password). A key
 * whose name contains password, token, secret or key is a secret: its value is never shown; a URL is shown without
 * its user information.
 */
final class Secrets {
    static final String MASK = "****";
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|token|secret|key).*");
    /** {@code name: value} on one line of YAML, also as the first key of a list item ({@code - password: x}). */
    private static final Pattern YAML_ENTRY =
            Pattern.compile("^[\\s-]*[\"']?([A-Za-z0-9_.-]+)[\"']?\\s*:\\s*(.*?)\\s*$");

    private Secrets() {
    }

    static boolean isSecretName(String name) {
        return SECRET_NAME.matcher(name).matches();
    }

    /** What a message may show of a value of the key {@code name}. */
    static String shown(String name, String value) {
        if (isSecretName(name)) {
            return MASK;
        }
        return withoutUserInfo(value);
    }

    /** {@code tcp://user:pass@host:1883} as {@code tcp://****@host:1883}; anything else unchanged. */
    static String withoutUserInfo(String value) {
        try {
            URI u = new URI(value);
            if (u.getRawUserInfo() != null) {
                return value.replace(u.getRawUserInfo(), MASK);
            }
        } catch (java.net.URISyntaxException e) {
            int at = value.indexOf('@');
            int scheme = value.indexOf("://");
            if (scheme >= 0 && at > scheme) {
                return value.substring(0, scheme + 3) + MASK + value.substring(at);
            }
        }
        return value;
    }

    /**
     * {@code message} with every value that {@code yamlText} gives a secret key replaced by the mask, for errors
     * that quote the file (the YAML parser's messages quote the offending line).
     */
    static String scrub(String message, String yamlText) {
        List<String> values = new ArrayList<>();
        for (String line : yamlText.split("\\R")) {
            Matcher m = YAML_ENTRY.matcher(line);
            if (m.matches() && isSecretName(m.group(1))) {
                String v = m.group(2).replaceFirst("\\s+#.*$", "");
                for (String form : List.of(v, unquoted(v))) {
                    if (form.length() >= 2) {
                        values.add(form);
                    }
                }
            }
        }
        values.sort(Comparator.comparingInt(String::length).reversed());
        String out = message;
        for (String v : values) {
            out = out.replace(v, MASK);
        }
        return out;
    }

    /** Without the quotes around it, or the one before it when unclosed (the very error being reported). */
    private static String unquoted(String v) {
        String s = v.strip().replaceAll("^[\"']|[\"']$", "");
        return s.toLowerCase(Locale.ROOT).equals("null") ? "" : s;
    }
}
