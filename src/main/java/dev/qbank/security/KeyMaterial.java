package dev.qbank.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * API key secrets: {@code qb_} followed by 43 base62 characters (256 random bits from SecureRandom). Only their
 * SHA-256 is stored; with that much entropy a slow password hash would add cost and no safety.
 */
public final class KeyMaterial {

    public static final String PREFIX = "qb_";
    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int SECRET_CHARS = 43;
    private static final int SHOWN_PREFIX_CHARS = PREFIX.length() + 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyMaterial() {}

    public static String newSecret() {
        StringBuilder key = new StringBuilder(PREFIX);
        for (int i = 0; i < SECRET_CHARS; i++) {
            key.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return key.toString();
    }

    /** What we show of a key after creation, e.g. {@code qb_AbCd1234}. */
    public static String visiblePrefix(String secret) {
        return secret.substring(0, Math.min(SHOWN_PREFIX_CHARS, secret.length()));
    }

    public static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
