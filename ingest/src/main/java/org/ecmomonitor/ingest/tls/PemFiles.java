package org.ecmomonitor.ingest.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads PEM certificates and private keys with the JDK alone. Every failure names the file and what is wrong
 * with it, never the key's bytes or the password.
 */
final class PemFiles {
    /** Files larger than this are not PEM certificates or keys (a chain of a dozen certificates is ~20 KB). */
    private static final long MAX_BYTES = 1024 * 1024;
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);

    private PemFiles() {
    }

    record Block(String label, String headers, byte[] der) {
    }

    static List<X509Certificate> certificates(TlsException.Which which, Path file) throws TlsException {
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(which, file)) {
                if (b.label().equals("CERTIFICATE")) {
                    out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
        } catch (CertificateException e) {
            throw new TlsException(which, file, "holds a damaged certificate (" + e.getMessage() + ")");
        }
        if (out.isEmpty()) {
            throw new TlsException(which, file, "holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return out;
    }

    static PrivateKey privateKey(Path file, String password) throws TlsException {
        for (Block b : blocks(TlsException.Which.KEY, file)) {
            switch (b.label()) {
                case "PRIVATE KEY":
                    return pkcs8(file, b.der());
                case "ENCRYPTED PRIVATE KEY":
                    return pkcs8(file, decrypt(file, b.der(), password));
                case "RSA PRIVATE KEY":
                case "EC PRIVATE KEY":
                    if (b.headers().contains("ENCRYPTED")) {
                        throw new TlsException(TlsException.Which.KEY, file, "is an encrypted key in the old OpenSSL"
                                + " format, which the JDK cannot read; convert it to PKCS#8: openssl pkcs8 -topk8"
                                + " -v2 aes-256-cbc -in OLD -out NEW");
                    }
                    try {
                        return pkcs8(file, b.label().startsWith("RSA") ? Der.pkcs8(Der.RSA_ALGORITHM, b.der())
                                : Der.ecToPkcs8(b.der()));
                    } catch (IllegalArgumentException e) {
                        throw new TlsException(TlsException.Which.KEY, file, "holds a damaged " + b.label()
                                + " (" + e.getMessage() + ")");
                    }
                default:
                    break;
            }
        }
        throw new TlsException(TlsException.Which.KEY, file, "holds no PEM private key (-----BEGIN PRIVATE KEY-----,"
                + " ENCRYPTED PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
    }

    private static PrivateKey pkcs8(Path file, byte[] der) throws TlsException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC", "EdDSA", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException | RuntimeException e) {
                // try the next algorithm: the PKCS#8 structure names it, but the JDK's factories are by name
            }
        }
        throw new TlsException(TlsException.Which.KEY, file, "holds a private key the JDK cannot read (damaged, or"
                + " not RSA, EC or EdDSA)");
    }

    private static byte[] decrypt(Path file, byte[] der, String password) throws TlsException {
        if (password == null) {
            throw new TlsException(TlsException.Which.KEY, file, "is encrypted but no key password is configured");
        }
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            // PBES2 (OpenSSL's default) is named by its parameters, older schemes by the algorithm
            String algorithm = info.getAlgParameters() != null ? info.getAlgParameters().toString() : info.getAlgName();
            SecretKeyFactory factory;
            try {
                factory = SecretKeyFactory.getInstance(algorithm);
            } catch (GeneralSecurityException e) {
                algorithm = info.getAlgName();
                factory = SecretKeyFactory.getInstance(algorithm);
            }
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(password.toCharArray())),
                    info.getAlgParameters());
            return info.getKeySpec(cipher).getEncoded();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new TlsException(TlsException.Which.KEY, file, "cannot be decrypted: wrong key password, or an"
                    + " encryption the JDK does not support (" + e.getClass().getSimpleName() + ")");
        }
    }

    static List<Block> blocks(TlsException.Which which, Path file) throws TlsException {
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw new TlsException(which, file, "is a folder, not a PEM file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new TlsException(which, file, "is larger than 1 MiB: not a PEM file");
            }
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new TlsException(which, file, "does not exist");
        } catch (AccessDeniedException e) {
            throw new TlsException(which, file, "cannot be read by the monitor's user (permissions)");
        } catch (IOException e) {
            throw new TlsException(which, file, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String body = m.group(2);
            int blank = body.indexOf(":") >= 0 ? Math.max(body.indexOf("\n\n"), body.indexOf("\r\n\r\n")) : -1;
            String headers = blank >= 0 ? body.substring(0, blank) : "";
            String base64 = (blank >= 0 ? body.substring(blank) : body).replaceAll("\\s", "");
            try {
                out.add(new Block(m.group(1), headers, Base64.getDecoder().decode(base64)));
            } catch (IllegalArgumentException e) {
                throw new TlsException(which, file, "holds a damaged PEM block (" + m.group(1) + ": not base64)");
            }
        }
        if (out.isEmpty()) {
            throw new TlsException(which, file, "is not a PEM file (no -----BEGIN ...----- block)");
        }
        return out;
    }
}
