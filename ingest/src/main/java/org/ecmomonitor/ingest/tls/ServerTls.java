package org.ecmomonitor.ingest.tls;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listener's TLS: the server certificate and key of {@link TlsConfig} (JDK provider, TLS 1.2 and 1.3 only),
 * checked when loaded (readable PEM, the key belongs to the certificate; an expired or not yet valid certificate
 * is logged as an error but used, because a monitor that refuses to start raises no alarm at all). {@link #tick()}
 * reloads the files when they change (a renewal), for new connections; a renewal that cannot be used is logged
 * and counted, and the previous certificate stays in use.
 */
public final class ServerTls {
    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
    /** A certificate this close to its end is logged as a warning at every load. */
    static final Duration EXPIRY_WARNING = Duration.ofDays(30);
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final TlsConfig config;
    private final boolean clientCertificates;
    private final Clock clock;
    private final TlsHandshakeHandler handshake;
    private volatile Loaded current;
    private volatile List<FileStamp> stamps;
    private Counter reloaded;
    private Counter reloadFailed;

    private record Loaded(SslContext context, X509Certificate leaf) {
    }

    private record FileStamp(Path file, long modified, long size) {
    }

    private ServerTls(TlsConfig config, boolean clientCertificates, Clock clock) {
        this.config = config;
        this.clientCertificates = clientCertificates;
        this.clock = clock;
        this.handshake = new TlsHandshakeHandler(clock);
    }

    /** For MQTT: asks devices for client certificates as {@link TlsConfig#clientAuth()} says. */
    public static ServerTls withClientCertificates(TlsConfig config, Clock clock) throws TlsException {
        return start(new ServerTls(config, true, clock));
    }

    /** For HTTPS: browsers are never asked for a certificate. */
    public static ServerTls withoutClientCertificates(TlsConfig config, Clock clock) throws TlsException {
        return start(new ServerTls(config, false, clock));
    }

    private static ServerTls start(ServerTls tls) throws TlsException {
        tls.stamps = tls.stamps();
        tls.current = tls.load();
        return tls;
    }

    /** A handler for one new connection, with the certificate loaded last. */
    public SslHandler newHandler(ByteBufAllocator alloc) {
        return current.context().newHandler(alloc);
    }

    /** The stage right behind {@link #newHandler}'s, shared by the listener's connections. */
    public TlsHandshakeHandler handshakeHandler() {
        return handshake;
    }

    /** The end of the certificate in use. */
    public Instant notAfter() {
        return current.leaf().getNotAfter().toInstant();
    }

    /**
     * {@code ecmo_tls_certificate_expiry_seconds{listener}}, {@code ecmo_tls_reloads_total{listener,result}} and
     * {@code ecmo_tls_handshake_failures_total{listener}}.
     */
    public void bindMetrics(MeterRegistry registry, String listener) {
        Gauge.builder("ecmo_tls_certificate_expiry_seconds", this,
                        t -> Duration.between(t.clock.instant(), t.notAfter()).toSeconds())
                .description("seconds until the TLS certificate in use expires (negative: expired)")
                .tag("listener", listener).register(registry);
        reloaded = Counter.builder("ecmo_tls_reloads_total").tag("listener", listener).tag("result", "ok")
                .description("TLS certificate reloads after the files changed").register(registry);
        reloadFailed = Counter.builder("ecmo_tls_reloads_total").tag("listener", listener).tag("result", "failed")
                .register(registry);
        FunctionCounter.builder("ecmo_tls_handshake_failures_total", handshake, TlsHandshakeHandler::failures)
                .description("TLS handshakes that failed (plain text on the TLS port, untrusted certificate, no"
                        + " required client certificate)")
                .tag("listener", listener).register(registry);
    }

    /**
     * Reloads when a file changed since the last look; returns whether a new certificate is now in use. A change
     * that cannot be used is logged once (not at every tick) and the certificate in use stays.
     */
    public boolean tick() {
        List<FileStamp> now = stamps();
        if (now.equals(stamps)) {
            return false;
        }
        stamps = now;
        try {
            current = load();
            LOG.info("TLS certificate reloaded from {} (valid until {})", config.certFile(), notAfter());
            if (reloaded != null) {
                reloaded.increment();
            }
            return true;
        } catch (TlsException e) {
            LOG.error("TLS files changed but cannot be used, keeping the certificate in use (valid until {}): {} {}",
                    notAfter(), e.file(), e.getMessage());
            if (reloadFailed != null) {
                reloadFailed.increment();
            }
            return false;
        }
    }

    private Loaded load() throws TlsException {
        List<X509Certificate> chain = PemFiles.certificates(TlsException.Which.CERTIFICATE, config.certFile());
        PrivateKey key = PemFiles.privateKey(config.keyFile(), config.keyPassword());
        X509Certificate leaf = chain.get(0);
        if (!matches(key, leaf.getPublicKey())) {
            throw new TlsException(TlsException.Which.KEY, config.keyFile(), "is not the private key of the"
                    + " certificate in " + config.certFile() + " (" + leaf.getSubjectX500Principal() + ")");
        }
        checkValidity(leaf);
        try {
            SslContextBuilder b = SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new))
                    .sslProvider(SslProvider.JDK).protocols(PROTOCOLS);
            if (clientCertificates && config.clientAuth() != TlsConfig.ClientAuth.NONE) {
                Path ca = config.clientCaFile().orElseThrow();
                b.trustManager(PemFiles.certificates(TlsException.Which.CLIENT_CA, ca).toArray(X509Certificate[]::new))
                        .clientAuth(config.clientAuth() == TlsConfig.ClientAuth.REQUIRE ? ClientAuth.REQUIRE
                                : ClientAuth.OPTIONAL);
            }
            return new Loaded(b.build(), leaf);
        } catch (IOException | RuntimeException e) {
            throw new TlsException(TlsException.Which.CERTIFICATE, config.certFile(), "cannot be used for TLS ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** Signs a challenge with the key and verifies it with the certificate's public key. */
    static boolean matches(PrivateKey key, PublicKey certified) {
        if (!key.getAlgorithm().equals(certified.getAlgorithm())) {
            return false;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> key.getAlgorithm();
            default -> null;
        };
        if (algorithm == null) {
            return false;
        }
        try {
            byte[] challenge = "ecmo-monitor key check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(algorithm);
            s.initSign(key);
            s.update(challenge);
            byte[] signature = s.sign();
            Signature v = Signature.getInstance(algorithm);
            v.initVerify(certified);
            v.update(challenge);
            return v.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private void checkValidity(X509Certificate leaf) {
        Instant now = clock.instant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        Instant notBefore = leaf.getNotBefore().toInstant();
        if (now.isAfter(notAfter)) {
            LOG.error("TLS certificate {} EXPIRED on {}: devices and browsers that check it will not connect."
                    + " Renew it (the monitor keeps running and reloads the files when they change)",
                    config.certFile(), notAfter);
        } else if (now.isBefore(notBefore)) {
            LOG.error("TLS certificate {} is not valid before {}: devices and browsers that check it will not"
                    + " connect until then (is this server's clock right?)", config.certFile(), notBefore);
        } else if (now.plus(EXPIRY_WARNING).isAfter(notAfter)) {
            LOG.warn("TLS certificate {} expires on {}: renew it soon", config.certFile(), notAfter);
        }
    }

    private List<FileStamp> stamps() {
        List<Path> files = new ArrayList<>(List.of(config.certFile(), config.keyFile()));
        config.clientCaFile().filter(f -> clientCertificates).ifPresent(files::add);
        List<FileStamp> out = new ArrayList<>();
        for (Path f : files) {
            try {
                out.add(new FileStamp(f, Files.getLastModifiedTime(f).toMillis(), Files.size(f)));
            } catch (IOException e) {
                out.add(new FileStamp(f, -1, -1));
            }
        }
        return out;
    }
}
