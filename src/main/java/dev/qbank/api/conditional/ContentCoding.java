package dev.qbank.api.conditional;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * gzip and deflate for JSON bodies, chosen from Accept-Encoding (RFC 9110 section 12.5.3). A compressed body is
 * a different representation, so it gets its own strong ETag: the identity tag with "-gzip" or "-deflate" added
 * inside the quotes. {@link EntityTags} ignores that suffix when comparing, so a 304 works whichever coding the
 * client asked for.
 */
enum ContentCoding {
    GZIP("gzip"),
    DEFLATE("deflate");

    /** Bodies smaller than this are sent as they are: compressing them saves less than it costs. */
    public static final int MIN_SIZE = 1024;

    private final String token;

    ContentCoding(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    public String tag(String identityTag) {
        return identityTag.substring(0, identityTag.length() - 1) + "-" + token + "\"";
    }

    /** Removes a coding suffix from an entity tag, giving the tag of the identity representation. */
    public static String identityTag(String tag) {
        for (ContentCoding coding : values()) {
            String suffix = "-" + coding.token + "\"";
            if (tag.endsWith(suffix)) {
                return tag.substring(0, tag.length() - suffix.length()) + "\"";
            }
        }
        return tag;
    }

    /** The coding to use for a body of {@code size} bytes, or null for identity. */
    public static ContentCoding negotiate(String acceptEncoding, int size) {
        if (acceptEncoding == null || size < MIN_SIZE) {
            return null;
        }
        double gzip = quality(acceptEncoding, "gzip");
        double deflate = quality(acceptEncoding, "deflate");
        if (gzip > 0 && gzip >= deflate) {
            return GZIP;
        }
        return deflate > 0 ? DEFLATE : null;
    }

    public byte[] encode(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (var stream = this == GZIP ? new GZIPOutputStream(out) : new DeflaterOutputStream(out)) {
            stream.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static double quality(String header, String coding) {
        double wildcard = 0;
        for (String part : header.split(",")) {
            String[] pieces = part.trim().split(";");
            String name = pieces[0].trim().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < pieces.length; i++) {
                String param = pieces[i].trim();
                if (param.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(param.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (name.equals(coding)) {
                return q;
            }
            if (name.equals("*")) {
                wildcard = q;
            }
        }
        return wildcard;
    }
}
