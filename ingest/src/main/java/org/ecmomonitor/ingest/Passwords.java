package org.ecmomonitor.ingest;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Device credentials: PBKDF2-HMAC-SHA256 (the JDK's own implementation) with a random salt, stored as
 * {@code pbkdf2-sha256$iterations$salt$hash}. Comparison is constant-time. New hashes use {@value #ITERATIONS}
 * iterations (OWASP's 2023 advice for PBKDF2-HMAC-SHA256); a stored hash with fewer is rehashed at the device's
 * next successful sign-in ({@link FeedRegistry#checkPassword}).
 */
public final class Passwords {
    private static final String PREFIX = "pbkdf2-sha256";
    public static final int ITERATIONS = 600_000;
    private static final int KEY_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    public static String hash(char[] password) {
        return hash(password, ITERATIONS);
    }

    /** A hash with the given iterations (tests make old, cheap hashes to see them rehashed). */
    static String hash(char[] password, int iterations) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] key = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(key);
    }

    /** Whether the hash was made with fewer iterations than new hashes get (so it should be replaced). */
    public static boolean isOutdated(String hash) {
        if (!isHash(hash)) {
            return false;
        }
        try {
            return Integer.parseInt(hash.split("\\$")[1]) < ITERATIONS;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public static boolean isHash(String s) {
        return s != null && s.startsWith(PREFIX + "$") && s.split("\\$").length == 4;
    }

    /** True when the password matches the hash; false for a wrong password or a malformed hash. */
    public static boolean verify(char[] password, String hash) {
        if (!isHash(hash) || password == null) {
            return false;
        }
        String[] parts = hash.split("\\$");
        try {
            int iterations = Integer.parseInt(parts[1]);
            if (iterations < 1 || iterations > 10_000_000) {
                return false;
            }
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(expected, derive(password, salt, iterations));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, KEY_BITS);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17 runtime", e);
        }
    }
}
