package org.ecmomonitor.dashboards;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP/1.1 over a plain socket, for what Java's HttpClient will not do: send from another loopback address,
 * pipeline requests in one write, leave headers unfinished, or send a wrong Host header.
 */
final class RawHttp implements AutoCloseable {
    private static final Pattern LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$");

    final Socket socket;
    private final InputStream in;

    RawHttp(int port, String fromAddress) throws IOException {
        socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(fromAddress), 0);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
    }

    RawHttp(int port) throws IOException {
        this(port, "127.0.0.1");
    }

    void write(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    static String post(String path, String host, String json) {
        return "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\nContent-Length: "
                + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json;
    }

    static String get(String path, String host) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
    }

    /** One whole response (head and body by Content-Length), or null when the server closed the connection. */
    Response read() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        Matcher m = LENGTH.matcher(h);
        byte[] body = m.find() ? in.readNBytes(Integer.parseInt(m.group(1))) : new byte[0];
        return new Response(Integer.parseInt(h.substring(9, 12)), h, new String(body, StandardCharsets.UTF_8));
    }

    /** True when the server closed the connection (end of stream) before the socket timeout. */
    boolean closedByServer() throws IOException {
        return in.read() < 0;
    }

    List<Response> readAll(int n) throws IOException {
        List<Response> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(read());
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    record Response(int status, String head, String body) {
        String header(String name) {
            Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + ":\\s*(.*?)\\s*$").matcher(head);
            return m.find() ? m.group(1) : null;
        }
    }
}
