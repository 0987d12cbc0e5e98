package org.ecmomonitor.ingest.mqtt;

import io.netty.channel.Channel;
import java.util.List;
import org.ecmomonitor.ingest.FeedRegistry;
import org.ecmomonitor.ingest.IngestPipeline;
import org.ecmomonitor.ingest.RejectReason;
import org.ecmomonitor.ingest.tls.PeerCertificate;

/**
 * A device's sign-in by client certificate (MQTT over TLS with client certificates on): a certificate that the TLS
 * handshake verified, whose common name or a DNS subject alternative name is a configured feed's device, signs
 * in as that device without a password. A certificate naming no configured device changes nothing (the password
 * and anonymous rules apply); one naming a device other than the CONNECT user name is refused, so that a
 * certificate never lends its trust to another device's sign-in.
 *
 * @param device the device signed in as, or null
 * @param refusal why the connection is refused, or null
 */
record CertificateSignIn(String device, String refusal) {
    static final CertificateSignIn NONE = new CertificateSignIn(null, null);

    static CertificateSignIn of(Channel ch, String user, FeedRegistry feeds) {
        PeerCertificate cert = PeerCertificate.of(ch);
        if (cert == null) {
            return NONE;
        }
        List<String> devices = cert.names().stream().filter(n -> feeds.find(n).isPresent()).toList();
        if (devices.isEmpty()) {
            return NONE;
        }
        if (user != null && !user.isEmpty()) {
            return devices.contains(user) ? new CertificateSignIn(user, null) : new CertificateSignIn(null,
                    "client certificate of " + devices + " used to sign in as device " + user);
        }
        if (devices.size() > 1) {
            return new CertificateSignIn(null, "client certificate names several devices " + devices
                    + " and CONNECT names none (set the user name)");
        }
        return new CertificateSignIn(devices.get(0), null);
    }

    /** Whether the certificate settles the sign-in (a device, or a refusal). */
    boolean decided() {
        return device != null || refusal != null;
    }

    /** The device; or null after counting and dead-lettering the refusal as ingest does a wrong password. */
    String deviceOrRefuse(IngestPipeline pipeline, String user, Channel ch) {
        if (refusal != null) {
            pipeline.rejectUnreadable("mqtt", user, null, RejectReason.UNAUTHORIZED, refusal + " from "
                    + ch.remoteAddress(), 0);
        }
        return device;
    }
}
