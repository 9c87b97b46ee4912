package dev.qbank.api.media;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qbank.api.conditional.CachePolicy;
import dev.qbank.api.conditional.Representations;
import dev.qbank.api.problem.ProblemException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
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

    /** The next batch of an export, read after the last item of the one before (null: the first batch). */
    @FunctionalInterface
    public interface Batches<T> {
        List<T> after(T last);
    }

    /**
     * A body streamed in batches of {@code batchSize} (keyset reads, so a long download holds no transaction): each
     * item becomes a row ({@code row}, called once per item, in order), written as an element of a JSON array for
     * {@link Format#JSON}, else as {@code header} once and then {@code line(row)} per row (CSV records, Anki notes).
     * Flushed after each batch.
     */
    public static <T, R> StreamingOutput rows(
            Format format,
            ObjectMapper mapper,
            int batchSize,
            Batches<T> batches,
            Function<T, R> row,
            String header,
            Function<R, String> line) {
        boolean json = format == Format.JSON;
        return output -> {
            output.write((json ? "[" : header).getBytes(StandardCharsets.UTF_8));
            T last = null;
            boolean first = true;
            while (true) {
                List<T> batch = batches.after(last);
                for (T item : batch) {
                    R value = row.apply(item);
                    if (json) {
                        if (!first) {
                            output.write(',');
                        }
                        output.write(mapper.writeValueAsBytes(value));
                    } else {
                        output.write(line.apply(value).getBytes(StandardCharsets.UTF_8));
                    }
                    first = false;
                    last = item;
                }
                output.flush();
                if (batch.size() < batchSize) {
                    break;
                }
            }
            if (json) {
                output.write(']');
            }
        };
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
