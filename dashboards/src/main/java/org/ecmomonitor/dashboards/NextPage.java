package org.ecmomonitor.dashboards;

import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * Where the sign-in page may send the user afterwards ({@code /login?next=...}): only a path of this server
 * (issue 14: {@code next=/%5Cevil.example} went off-site, as browsers read {@code /\} like {@code //}). The value
 * must start with a single {@code /}, not {@code //} or {@code /\}, both as given and once percent-decoded, and
 * hold no backslash or control character (browsers drop tabs and line breaks, so {@code /\t/} would become
 * {@code //}), nor a raw space; anything else, and anything malformed, gives {@code /}.
 */
final class NextPage {
    static final String HOME = "/";
    private static final int MAX_CHARS = 2048;

    private NextPage() {
    }

    static String safe(String next) {
        if (next == null || next.length() > MAX_CHARS || !samePath(next) || next.indexOf(' ') >= 0) {
            return HOME;
        }
        String decoded;
        try {
            decoded = QueryStringDecoder.decodeComponent(next.replace("+", "%2B"));
        } catch (IllegalArgumentException e) {
            return HOME;
        }
        return samePath(decoded) ? next : HOME;
    }

    private static boolean samePath(String p) {
        if (p.length() < 1 || p.charAt(0) != '/' || p.length() > 1 && (p.charAt(1) == '/' || p.charAt(1) == '\\')) {
            return false;
        }
        return p.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == '\\' || c >= 0x80 && c <= 0x9f);
    }
}
