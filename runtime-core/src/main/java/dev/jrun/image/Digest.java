package dev.jrun.image;

import dev.jrun.linux.NativeDigests;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content digest as the OCI image spec writes it, {@code sha256:<64 hex>} or {@code sha512:<128 hex>}.
 * Validated at construction, so an ill-formed digest from an archive never reaches a file name.
 */
public record Digest(String algorithm, String hex) {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

    public Digest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hex, "hex");
        int length = switch (algorithm) {
            case "sha256" -> 64;
            case "sha512" -> 128;
            default -> throw new IllegalArgumentException("unsupported digest algorithm " + algorithm
                    + " (sha256 and sha512 are)");
        };
        if (hex.length() != length || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("invalid " + algorithm + " digest " + hex + " (want " + length
                    + " lower-case hex digits)");
        }
    }

    /** Parses {@code sha256:...}; throws IllegalArgumentException naming what is wrong. */
    public static Digest parse(String text) {
        Objects.requireNonNull(text, "digest");
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("invalid digest " + text + " (want ALGORITHM:HEX)");
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    /** The sha256 digest of {@code hasher}'s input so far. */
    public static Digest sha256(MessageDigest hasher) {
        return new Digest("sha256", HexFormat.of().formatHex(hasher.digest()));
    }

    /** A fresh hasher for this digest's algorithm. */
    public MessageDigest newHasher() {
        return hasher(algorithm);
    }

    public static MessageDigest hasher(String algorithm) {
        try {
            return NativeDigests.create(algorithm.equals("sha256") ? "SHA-256" : "SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    /** Whether {@code hasher}'s input so far has this digest. */
    public boolean matches(MessageDigest hasher) {
        return HexFormat.of().formatHex(hasher.digest()).equals(hex);
    }

    /** The first 12 hex digits, as {@code docker images} shows ids. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
