package org.ecmomonitor.ingest.tls;

import java.io.ByteArrayOutputStream;

/**
 * Just enough DER to wrap the two traditional OpenSSL key formats (PKCS#1 RSA, SEC1 EC) into the PKCS#8
 * structure the JDK reads (RFC 5208 §5; RFC 5915 §3 for SEC1). Reading fails with IllegalArgumentException.
 */
final class Der {
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;
    /** rsaEncryption, 1.2.840.113549.1.1.1, with its NULL parameters. */
    static final byte[] RSA_ALGORITHM = {0x30, 0x0D, 0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7,
        0x0D, 0x01, 0x01, 0x01, 0x05, 0x00};
    /** id-ecPublicKey, 1.2.840.10045.2.1 (the curve follows it in the algorithm identifier). */
    static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01};

    private Der() {
    }

    /** One element read at {@code offset}: its tag, where its content starts and how long it is. */
    record Element(int tag, int start, int length) {
        int end() {
            return start + length;
        }
    }

    static Element read(byte[] der, int offset) {
        if (offset + 2 > der.length) {
            throw new IllegalArgumentException("truncated DER");
        }
        int tag = der[offset] & 0xFF;
        int len = der[offset + 1] & 0xFF;
        int pos = offset + 2;
        if (len > 0x80) {
            int bytes = len - 0x80;
            if (bytes > 3 || pos + bytes > der.length) {
                throw new IllegalArgumentException("bad DER length");
            }
            len = 0;
            for (int i = 0; i < bytes; i++) {
                len = len << 8 | der[pos++] & 0xFF;
            }
        } else if (len == 0x80) {
            throw new IllegalArgumentException("indefinite DER length");
        }
        if (pos + len > der.length) {
            throw new IllegalArgumentException("truncated DER");
        }
        return new Element(tag, pos, len);
    }

    static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            content.writeBytes(p);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.size();
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    /** PKCS#8 PrivateKeyInfo: version 0, the algorithm, the traditional key as an OCTET STRING. */
    static byte[] pkcs8(byte[] algorithm, byte[] traditionalKey) {
        return tlv(SEQUENCE, new byte[] {INTEGER, 1, 0}, algorithm, tlv(OCTET_STRING, traditionalKey));
    }

    /** SEC1 ECPrivateKey to PKCS#8: the curve's OID moves from the key's [0] parameters to the algorithm. */
    static byte[] ecToPkcs8(byte[] sec1) {
        Element seq = read(sec1, 0);
        if (seq.tag() != SEQUENCE) {
            throw new IllegalArgumentException("not a SEC1 EC key");
        }
        int pos = seq.start();
        while (pos < seq.end()) {
            Element e = read(sec1, pos);
            if (e.tag() == 0xA0) {
                Element oid = read(sec1, e.start());
                if (oid.tag() != OID) {
                    throw new IllegalArgumentException("EC key with explicit curve parameters");
                }
                byte[] curve = java.util.Arrays.copyOfRange(sec1, e.start(), oid.end());
                return pkcs8(tlv(SEQUENCE, EC_PUBLIC_KEY, curve), sec1);
            }
            pos = e.end();
        }
        throw new IllegalArgumentException("EC key without its curve name");
    }
}
