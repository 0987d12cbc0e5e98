package org.ecmomonitor.ingest;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under a random key made once per process and never written anywhere: what {@link FeedRegistry}
 * remembers of a verified password. Unlike an unsalted digest, it cannot be guessed offline from a memory dump
 * alone, and the device id in the MAC keeps two devices with one password apart.
 */
final class PasswordCacheKey {
    private final SecretKeySpec key;

    PasswordCacheKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        this.key = new SecretKeySpec(k, "HmacSHA256");
    }

    byte[] mac(String device, char[] password) {
        ByteBuffer pw = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[pw.remaining()];
        pw.get(bytes);
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            m.update(device.getBytes(StandardCharsets.UTF_8));
            m.update((byte) 0);
            return m.doFinal(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
