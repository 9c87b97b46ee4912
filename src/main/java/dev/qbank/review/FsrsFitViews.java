package dev.qbank.review;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.qbank.api.Link;
import dev.qbank.review.fsrs.Parameters;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A learner's FSRS-6 parameters and fit jobs on the wire. */
public final class FsrsFitViews {

    static final String PARAMETERS_PATH = "/v1/users/me/fsrs/parameters";

    private FsrsFitViews() {}

    @Schema(
            name = "FsrsParameters",
            description =
                    "Your FSRS-6 parameters: the current version (version 0, the defaults, until a fit or a PUT).")
    public record ParametersView(
            @Schema(description = "0 for the defaults; each fit or PUT adds one.", example = "1", minimum = "0")
            int version,

            @Schema(
                    enumeration = {"default", "fitted", "set"},
                    description = "default: FSRS-6's defaults; fitted: by a fit job; set: by PUT.")
            String source,

            @Schema(
                    description = "w0..w20, each within FSRS-6's published bounds.",
                    minItems = Parameters.COUNT,
                    maxItems = Parameters.COUNT,
                    type = SchemaType.ARRAY,
                    implementation = Double.class)
            List<Double> weights,

            @Schema(nullable = true, description = "When this version was made (null for the defaults).")
            Instant createdAt,

            @Schema(
                    nullable = true,
                    description = "A fitted version's mean log loss on the answers it predicted.",
                    example = "0.3412")
            Double logLoss,

            @Schema(nullable = true, description = "A fitted version's usable reviews.", example = "1250")
            Integer reviews,

            @Schema(ref = "Links", description = "self.") @JsonProperty("_links")
            Map<String, Link> links) {

        static ParametersView defaults() {
            return of(0, "default", Parameters.DEFAULT, null, null, null);
        }

        static ParametersView of(
                int version, String source, Parameters parameters, Instant createdAt, Double logLoss, Integer reviews) {
            List<Double> weights =
                    java.util.Arrays.stream(parameters.toArray()).boxed().toList();
            return new ParametersView(
                    version, source, weights, createdAt, logLoss, reviews, Map.of("self", Link.to(PARAMETERS_PATH)));
        }
    }

    @Schema(name = "FsrsParametersWrite", description = "Weights to schedule you with, as a new version.")
    public record ParametersWrite(
            @Schema(
                    required = true,
                    description = "w0..w20: 21 numbers, each within FSRS-6's published bounds.",
                    minItems = Parameters.COUNT,
                    maxItems = Parameters.COUNT,
                    type = SchemaType.ARRAY,
                    implementation = Double.class)
            List<Double> weights) {}

    @Schema(name = "FsrsFitResult", description = "What a succeeded fit made.")
    public record FitResult(
            @Schema(description = "The parameters version it stored (now current).", example = "1")
            int version,

            @Schema(description = "Mean log loss of the default parameters on your answers.", example = "0.3561")
            double logLossBefore,

            @Schema(
                    description = "Mean log loss of the fitted parameters: never above the defaults'.",
                    example = "0.3412")
            double logLossAfter,

            @Schema(description = "Usable reviews the fit predicted.", example = "1250")
            int reviews,

            @Schema(description = "How many times the loss was computed.", example = "2650")
            int evaluations) {}

    @Schema(
            name = "FsrsFitJob",
            description = "A fit of your FSRS-6 parameters to your answers, run asynchronously on one worker thread.")
    public record FitJobView(
            UUID id,

            @Schema(enumeration = {"pending", "running", "succeeded", "failed"})
            String status,

            @Schema(description = "Your usable reviews when you asked for the fit.", example = "1250")
            int reviews,

            Instant createdAt,
            @Schema(nullable = true) Instant startedAt,
            @Schema(nullable = true) Instant finishedAt,

            @Schema(description = "Once succeeded; absent until then, and when failed.")
            @JsonInclude(JsonInclude.Include.NON_NULL)
            FitResult result,

            @Schema(
                    nullable = true,
                    description = "When failed: why.",
                    example = "you have 12 usable reviews; a fit needs 400")
            String error,

            @Schema(ref = "Links", description = "self; parameters.") @JsonProperty("_links")
            Map<String, Link> links) {

        public static String path(UUID id) {
            return "/v1/users/me/fsrs/fits/" + id;
        }

        boolean finished() {
            return status.equals("succeeded") || status.equals("failed");
        }
    }
}
