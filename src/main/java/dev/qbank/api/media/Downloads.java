package dev.qbank.api.media;

import dev.qbank.api.conditional.CachePolicy;
import dev.qbank.api.conditional.Representations;
import dev.qbank.api.problem.ProblemException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** File downloads (exports): streamed bodies, never built in memory, sent as attachments (RFC 6266). */
public final class Downloads {

    /** The formats an export may be asked for. */
    public enum Format {
        JSON("application/json", "json"),
        CSV("text/csv; charset=utf-8; header=present", "csv"),
        /** CSV in the review-log layout the FSRS optimizers read. */
        FSRS_CSV("text/csv; charset=utf-8; header=present", "csv"),
        ANKI("text/plain; charset=utf-8", "txt");

        private final String mediaType;
        private final String extension;

        Format(String mediaType, String extension) {
            this.mediaType = mediaType;
            this.extension = extension;
        }

        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private Downloads() {}

    /** The {@code format} query parameter: one of {@code allowed}, or {@code fallback} when absent. */
    public static Format format(String raw, Format fallback, Format... allowed) {
        if (raw == null) {
            return fallback;
        }
        List<Format> formats = Arrays.asList(allowed);
        return formats.stream()
                .filter(f -> f.wire().equals(raw))
                .findFirst()
                .orElseThrow(() -> ProblemException.invalidParam(
                        "format",
                        "must be one of " + formats.stream().map(Format::wire).collect(Collectors.joining(", "))));
    }

    /** @param cacheControl as {@link Representations#cacheControl} gives it for the data's policy */
    public static Response attachment(
            Format format, String basename, StreamingOutput body, String cacheControl, CachePolicy cache) {
        return Response.ok(body)
                .header(HttpHeaders.CONTENT_TYPE, format.mediaType)
                .header("Content-Disposition", "attachment; filename=\"" + basename + "." + format.extension + "\"")
                .header(HttpHeaders.CACHE_CONTROL, cacheControl)
                .header(HttpHeaders.VARY, cache.vary())
                .build();
    }
}
