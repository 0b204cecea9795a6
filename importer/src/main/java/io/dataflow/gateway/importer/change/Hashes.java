package io.dataflow.gateway.importer.change;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * SHA-256 over length-prefixed UTF-8 fields, so that no two different field sequences encode alike
 * (["ab", "c"] and ["a", "bc"] hash differently). Never uses {@code hashCode()}: the hashes are stored and
 * compared across processes and versions of the JVM.
 */
final class Hashes {

    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final MessageDigest digest;

    private Hashes() {
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    static Hashes start() {
        return new Hashes();
    }

    Hashes add(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        digest.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        digest.update(bytes);
        return this;
    }

    Hashes add(String name, String value) {
        return add(name).add(value);
    }

    String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Checks a stored hash's form. */
    static String checked(String hash, String what) {
        if (hash == null || !HEX_SHA256.matcher(hash).matches()) {
            throw new IllegalArgumentException("Invalid " + what + " '" + hash + "': expected 64 lower-case hex digits (SHA-256)");
        }
        return hash;
    }
}
