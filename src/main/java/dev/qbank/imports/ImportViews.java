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

    private ImportViews() {
    }

    @Schema(name = "ImportError", description = "Why one row (or the whole file) could not be imported.")
    public record RowError(
            @Schema(nullable = true, description = "1 for the first question (in CSV, the line after the header); 0 for the "
                    + "file itself (e.g. its CSV header); null when it concerns no single row.", example = "3") Integer row,
            @Schema(nullable = true, example = "category") String field,
            @Schema(example = "no category has the slug 'databsaes'") String reason) {
    }

    @Schema(name = "ImportJob", description = "An import job: all or nothing, it either writes every question or none.")
    public record ImportJobView(
            UUID id,
            @Schema(enumeration = {"pending", "running", "succeeded", "failed"}) String status,
            @Schema(enumeration = {"json", "csv"}) String format,
            @Schema(nullable = true, description = "Questions in the file, once read.", example = "12") Integer totalRows,
            @Schema(description = "Questions written: all of them when succeeded, otherwise 0.", example = "12") int importedRows,
            @Schema(description = "How many rows had errors.", example = "0") int failedRows,
            @Schema(description = "Every problem found, when failed.") List<RowError> errors,
            @Schema(description = "Numbers of the questions written, in file order.") List<Integer> questionNumbers,
            Instant createdAt,
            @Schema(nullable = true) Instant startedAt,
            @Schema(nullable = true) Instant finishedAt,
            @Schema(ref = "Links", description = "self.") @JsonProperty("_links") Map<String, Link> links) {

        public static String path(UUID id) {
            return "/v1/imports/" + id;
        }

        boolean finished() {
            return status.equals("succeeded") || status.equals("failed");
        }
    }
}
