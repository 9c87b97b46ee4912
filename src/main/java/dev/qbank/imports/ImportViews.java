package dev.qbank.imports;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.qbank.api.Link;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Import jobs on the wire. */
public final class ImportViews {

    /** Most problems a job shows (the rest are counted in a last entry): bounds the response, as the contract says. */
    public static final int MAX_ERRORS = 1000;

    /** Most questions one import may write with the default qbank.imports.max-rows. */
    static final int DEFAULT_MAX_ROWS = 5000;

    private ImportViews() {}

    @Schema(name = "ImportError", description = "Why one row (or the whole file) could not be imported.")
    public record RowError(
            @Schema(
                    nullable = true,
                    description = "1 for the first question (in CSV, the line after the header); 0 for the "
                            + "file itself (e.g. its CSV header); null when it concerns no single row.",
                    example = "3")
            Integer row,

            @Schema(nullable = true, example = "category") String field,

            @Schema(example = "no category has the slug 'databsaes'")
            String reason) {}

    @Schema(name = "ImportJob", description = "An import job: all or nothing, it either writes every question or none.")
    public record ImportJobView(
            UUID id,

            @Schema(enumeration = {"pending", "running", "succeeded", "failed"})
            String status,

            @Schema(enumeration = {"json", "csv"}) String format,

            @Schema(nullable = true, description = "Questions in the file, once read.", example = "12")
            Integer totalRows,

            @Schema(description = "Questions written: all of them when succeeded, otherwise 0.", example = "12")
            int importedRows,

            @Schema(description = "How many rows had errors.", example = "0")
            int failedRows,

            @Schema(
                    description =
                            "Every problem found, when failed: at most 1,000 (a last entry then says how many more).",
                    maxItems = MAX_ERRORS)
            List<RowError> errors,

            @Schema(
                    description =
                            "Numbers of the questions written, in file order (at most qbank.imports.max-rows, 5,000 by default).",
                    maxItems = DEFAULT_MAX_ROWS)
            List<Integer> questionNumbers,

            Instant createdAt,
            @Schema(nullable = true) Instant startedAt,
            @Schema(nullable = true) Instant finishedAt,

            @Schema(ref = "Links", description = "self.") @JsonProperty("_links")
            Map<String, Link> links) {

        public static String path(UUID id) {
            return "/v1/imports/" + id;
        }

        boolean finished() {
            return status.equals("succeeded") || status.equals("failed");
        }
    }
}
