package dev.qbank.attempt;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qbank.api.conditional.CachePolicy;
import dev.qbank.api.conditional.Representations;
import dev.qbank.api.media.Downloads;
import dev.qbank.csv.Csv;
import dev.qbank.security.Caller;
import dev.qbank.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A learner's own history as a file, for a spreadsheet or another study tool. */
@Path("/v1/users/me/attempts")
@Tag(name = "attempts")
public class AttemptExportResource {

    static final int BATCH = 500;
    static final List<String> CSV_COLUMNS =
            List.of("id", "question", "created_at", "rating", "duration_ms", "started_at", "due_at", "answer");

    private final AttemptService attempts;
    private final Caller caller;
    private final Representations representations;
    private final ObjectMapper mapper;

    public AttemptExportResource(
            AttemptService attempts, Caller caller, Representations representations, ObjectMapper mapper) {
        this.attempts = attempts;
        this.caller = caller;
        this.representations = representations;
        this.mapper = mapper;
    }

    @GET
    @Path("/export")
    @Produces({"text/csv", MediaType.APPLICATION_JSON})
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "exportMyAttempts", summary = "Download your attempts, oldest first, as CSV or JSON")
    @APIResponse(
            responseCode = "200",
            description =
                    "Your attempts, streamed as an attachment. `csv` (the default): RFC 4180 "
                            + "with a header row: id, question, created_at, rating, duration_ms, started_at, due_at, answer. `json`: an array of attempts.",
            content = {
                @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)),
                @Content(mediaType = "application/json", schema = @Schema(ref = "AttemptList"))
            })
    @RolesAllowed(Roles.USER)
    public Response export(@QueryParam("format") String format) {
        UUID userId = caller.userId();
        Downloads.Format chosen =
                Downloads.format(format, Downloads.Format.CSV, Downloads.Format.CSV, Downloads.Format.JSON);
        StreamingOutput body = Downloads.rows(
                chosen,
                mapper,
                BATCH,
                (AttemptViews.AttemptView last) -> attempts.exportBatch(userId, last == null ? null : last.id(), BATCH),
                attempt -> attempt,
                Csv.record(CSV_COLUMNS),
                attempt -> Csv.record(List.of(
                        attempt.id().toString(),
                        Integer.toString(attempt.question()),
                        attempt.createdAt().toString(),
                        attempt.rating(),
                        Integer.toString(attempt.durationMs()),
                        attempt.startedAt() == null ? "" : attempt.startedAt().toString(),
                        attempt.dueAt().toString(),
                        attempt.answer())));
        return Downloads.attachment(
                chosen,
                "qbank-my-attempts",
                body,
                representations.cacheControl(CachePolicy.PRIVATE),
                CachePolicy.PRIVATE);
    }
}
