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
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A learner's own answers as a review log for the FSRS optimizers (qbank issue 18); see {@link FsrsReviewLog}. */
@Path("/v1/users/me/reviews")
@Tag(name = "attempts")
public class ReviewLogExportResource {

    static final int BATCH = 500;

    private final AttemptService attempts;
    private final Caller caller;
    private final Representations representations;
    private final ObjectMapper mapper;

    public ReviewLogExportResource(
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
    @Operation(
            operationId = "exportMyReviewLog",
            summary = "Download your answers as a review log for the FSRS optimizer, by question then time")
    @APIResponse(
            responseCode = "200",
            description = "Your answers, streamed as an attachment, ordered by question, then time. `fsrs-csv` (the "
                    + "default): RFC 4180 with the header row card_id, review_time, review_rating, review_state, "
                    + "review_duration, the layout fsrs-optimizer reads (revlog.csv): card_id = the question's number, "
                    + "review_time in milliseconds since the epoch, review_rating 1 (again) to 4 (easy), review_state "
                    + "the card's state before the answer as the default FSRS-6 scheduler replays your answers "
                    + "(0 new, 1 learning, 2 review, 3 relearning), review_duration in milliseconds. `json`: an array of "
                    + "the same rows.",
            content = {
                @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)),
                @Content(mediaType = "application/json", schema = @Schema(ref = "ReviewLogList"))
            })
    @RolesAllowed(Roles.USER)
    public Response export(@QueryParam("format") String format) {
        UUID userId = caller.userId();
        Downloads.Format chosen =
                Downloads.format(format, Downloads.Format.FSRS_CSV, Downloads.Format.FSRS_CSV, Downloads.Format.JSON);
        // The replay holds the current card: the rows come by question, then time, each the state before its answer.
        FsrsReviewLog.Replay replay = new FsrsReviewLog.Replay();
        StreamingOutput body = Downloads.rows(
                chosen,
                mapper,
                BATCH,
                last -> attempts.reviewLogBatch(userId, last, BATCH),
                replay::next,
                Csv.record(FsrsReviewLog.COLUMNS),
                row -> Csv.record(row.csvFields()));
        return Downloads.attachment(
                chosen,
                "qbank-my-review-log",
                body,
                representations.cacheControl(CachePolicy.PRIVATE),
                CachePolicy.PRIVATE);
    }
}
