package org.ecmomonitor.dashboards.http;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The host names a request's {@code Host} header may name (DNS rebinding: a page of another site whose name was
 * made to resolve to this server must not reach the API). Always allowed: {@code localhost}, the loopback
 * addresses and the bind address; when bound to every interface ({@code 0.0.0.0} or {@code ::}) also this
 * machine's host name, its canonical name and the addresses of its interfaces, as found at start; and the names
 * configured in {@code http_allowed_hosts}. The port in the header is not compared (the listener is one port).
 */
public final class AllowedHosts {
    private final Set<String> names;

    private AllowedHosts(Set<String> names) {
        this.names = Set.copyOf(names);
    }

    /** The defaults for this bind address, plus {@code configured} (names or addresses, any case). */
    public static AllowedHosts forBind(String bind, List<String> configured) {
        Set<String> n = new HashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        n.add(normal(bind));
        configured.forEach(c -> n.add(normal(c)));
        if (bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]")) {
            addMachineNames(n);
        }
        return new AllowedHosts(n);
    }

    private static void addMachineNames(Set<String> n) {
        try {
            InetAddress local = InetAddress.getLocalHost();
            n.add(normal(local.getHostName()));
            n.add(normal(local.getCanonicalHostName()));
        } catch (UnknownHostException e) {
            // no resolvable host name: the interfaces' addresses and configured names still apply
        }
        try {
            for (NetworkInterface i : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(i.getInetAddresses())) {
                    String text = a.getHostAddress();
                    int zone = text.indexOf('%');
                    n.add(normal(zone < 0 ? text : text.substring(0, zone)));
                }
            }
        } catch (SocketException e) {
            // interfaces unreadable: loopback and configured names only
        }
    }

    /** Whether this Host header value (name or address, with an optional port) is one of ours. */
    public boolean allows(String hostHeader) {
        String host = hostOf(hostHeader);
        return host != null && names.contains(host);
    }

    Set<String> names() {
        return names;
    }

    /** The host part of a Host header, normalised; null when malformed. */
    static String hostOf(String header) {
        if (header == null || header.isEmpty() || header.length() > 255) {
            return null;
        }
        String h = header;
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            if (end < 0 || end + 1 < h.length() && !port(h.substring(end + 1))) {
                return null;
            }
            h = h.substring(1, end);
        } else {
            int colon = h.indexOf(':');
            if (colon >= 0) {
                if (!port(h.substring(colon))) {
                    return null;
                }
                h = h.substring(0, colon);
            }
        }
        if (h.isEmpty() || !h.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '.'
                || c == '-' || c == ':'))) {
            return null;
        }
        return normal(h);
    }

    private static boolean port(String s) {
        return s.length() >= 2 && s.length() <= 6 && s.charAt(0) == ':' && s.substring(1).chars()
                .allMatch(Character::isDigit);
    }

    private static String normal(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.startsWith("[") && n.endsWith("]")) {
            n = n.substring(1, n.length() - 1);
        }
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
