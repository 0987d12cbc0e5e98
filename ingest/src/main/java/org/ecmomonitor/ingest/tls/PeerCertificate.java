package org.ecmomonitor.ingest.tls;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The names of a client certificate that the TLS handshake verified against the configured client CA: its
 * subject's common names and its DNS subject alternative names. Set on the channel after the handshake; absent
 * when the client presented none.
 */
public record PeerCertificate(List<String> names, String subject) {
    public static final AttributeKey<PeerCertificate> KEY = AttributeKey.valueOf("ecmo.tls.peer");
    /** subjectAltName type dNSName (RFC 5280 §4.2.1.6). */
    private static final int DNS_NAME = 2;

    public PeerCertificate {
        names = List.copyOf(names);
        Objects.requireNonNull(subject, "subject");
    }

    /** The verified client certificate of the channel, or null. */
    public static PeerCertificate of(Channel ch) {
        return ch.attr(KEY).get();
    }

    static PeerCertificate from(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    names.add(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            // a subject the JDK itself wrote cannot fail to parse; without it, the SANs still name the device
        }
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (san.size() == 2 && Integer.valueOf(DNS_NAME).equals(san.get(0))
                            && san.get(1) instanceof String dns && !names.contains(dns)) {
                        names.add(dns);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // no usable SANs: the common name alone names the device
        }
        return new PeerCertificate(names, cert.getSubjectX500Principal().getName());
    }
}
