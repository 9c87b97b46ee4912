package dev.qbank.api.conditional;

import java.util.ArrayList;
import java.util.List;

/** Entity-tag lists of If-Match and If-None-Match, compared as RFC 9110 section 8.8.3.2 defines. */
final class EntityTags {

    private EntityTags() {}

    /** Parses a field value such as {@code "a", W/"b"} or {@code *}; unparsable members are skipped. */
    public static List<String> parse(String fieldValue) {
        List<String> tags = new ArrayList<>();
        if (fieldValue == null) {
            return tags;
        }
        int i = 0;
        int n = fieldValue.length();
        while (i < n) {
            char c = fieldValue.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
            } else if (c == '*') {
                tags.add("*");
                i++;
            } else {
                int start = i;
                if (fieldValue.startsWith("W/", i)) {
                    i += 2;
                }
                if (i < n && fieldValue.charAt(i) == '"') {
                    int close = fieldValue.indexOf('"', i + 1);
                    if (close < 0) {
                        break;
                    }
                    tags.add(fieldValue.substring(start, close + 1));
                    i = close + 1;
                } else {
                    int comma = fieldValue.indexOf(',', i);
                    i = comma < 0 ? n : comma + 1;
                }
            }
        }
        return tags;
    }

    /**
     * If-None-Match: weak comparison, so W/"x" matches "x"; {@code *} matches any current representation. Tags of
     * the same representation in another content coding ("x-gzip") match too.
     */
    public static boolean noneMatchFails(String ifNoneMatch, String currentTag) {
        String current = ContentCoding.identityTag(opaque(currentTag));
        for (String tag : parse(ifNoneMatch)) {
            if (tag.equals("*") || ContentCoding.identityTag(opaque(tag)).equals(current)) {
                return true;
            }
        }
        return false;
    }

    /** If-Match: strong comparison, so a weak tag never matches; {@code *} matches any current representation. */
    public static boolean matchSucceeds(String ifMatch, String currentTag) {
        for (String tag : parse(ifMatch)) {
            if (tag.equals("*")
                    || (!tag.startsWith("W/")
                            && !currentTag.startsWith("W/")
                            && ContentCoding.identityTag(tag).equals(ContentCoding.identityTag(currentTag)))) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
