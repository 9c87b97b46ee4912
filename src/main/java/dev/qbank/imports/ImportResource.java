package dev.qbank.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qbank.api.Locations;
import dev.qbank.api.conditional.CachePolicy;
import dev.qbank.api.conditional.Representations;
import dev.qbank.api.idempotency.Idempotency;
import dev.qbank.api.problem.ProblemException;
import dev.qbank.csv.Csv;
import dev.qbank.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/imports")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "imports", description = "Bulk additions to the bank, run asynchronously: all or nothing.")
public class ImportResource {

    /** Quarkus's request body limit (quarkus.http.limits.max-body-size, 10M by default): a CSV body is at most this long. */
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    /** Seconds a client should wait before polling a job that is not finished. */
    static final String POLL_AFTER = "1";

    private final ImportService imports;
    private final Idempotency idempotency;
    private final Representations representations;
    private final ObjectMapper mapper;

    public ImportResource(
            ImportService imports, Idempotency idempotency, Representations representations, ObjectMapper mapper) {
        this.imports = imports;
        this.idempotency = idempotency;
        this.representations = representations;
        this.mapper = mapper;
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE})
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "createImport", summary = "Import questions (admin): answered at once with a job to poll")
    @RequestBody(
            required = true,
            description =
                    "The questions: a JSON array of QuestionWrite objects, or CSV (RFC 4180) with "
                            + "a header row `category,text[,tags,difficulty,notes]` (tags space-separated; a `number` column, as exports "
                            + "write it, is ignored). All or nothing: if any row is invalid, the job fails and nothing is written.",
            content = {
                @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "QuestionWriteList")),
                @Content(
                        mediaType = Csv.MEDIA_TYPE,
                        schema = @Schema(type = SchemaType.STRING, maxLength = MAX_BODY_BYTES),
                        example =
                                "category,text,tags,difficulty,notes\r\ndatabases,What is MVCC?,mvcc postgresql,mid,\r\n")
            })
    @APIResponse(
            responseCode = "202",
            description = "Accepted. Poll `Location` (after `Retry-After` seconds) until `status` is "
                    + "`succeeded` or `failed`.",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = ImportViews.ImportJobView.class)))
    @RolesAllowed(Roles.ADMIN)
    public Response create(
            String body,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @Context UriInfo uri,
            @Context ResourceInfo route)
            throws JsonProcessingException {
        String format = contentType != null
                        && contentType.toLowerCase(java.util.Locale.ROOT).startsWith(Csv.MEDIA_TYPE)
                ? "csv"
                : "json";
        if (format.equals("json")) {
            // A body that is not JSON at all is refused now; the rows themselves are checked by the job.
            JsonNode parsed = mapper.readTree(body == null ? "" : body);
            if (parsed == null || !parsed.isArray()) {
                throw ProblemException.invalidParam("body", "must be a JSON array of questions");
            }
        }
        Map<String, String> fingerprint = new LinkedHashMap<>();
        fingerprint.put("format", format);
        fingerprint.put("body", body);
        // Not @Idempotent: the body's meaning depends on its format (CSV or JSON), so both are fingerprinted.
        return idempotency.execute(route.getResourceMethod(), idempotencyKey, fingerprint, () -> {
            ImportViews.ImportJobView job = imports.submit(format, body);
            return representations
                    .withStatus(Response.Status.ACCEPTED, job, CachePolicy.PRIVATE)
                    .location(Locations.of(uri, ImportViews.ImportJobView.path(job.id())))
                    .header("Retry-After", POLL_AFTER)
                    .build();
        });
    }

    @GET
    @Path("/{id}")
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "getImport", summary = "An import job: its status, counts and per-row errors (admin)")
    @APIResponse(
            responseCode = "200",
            description = "The job. While it is pending or running, `Retry-After` says when to poll again.",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = ImportViews.ImportJobView.class)))
    @RolesAllowed(Roles.ADMIN)
    public Response get(@PathParam("id") UUID id, @Context Request request, @Context HttpHeaders headers) {
        ImportViews.ImportJobView job = imports.get(id);
        Response.ResponseBuilder response = representations.ok(request, headers, job, CachePolicy.PRIVATE);
        return job.finished()
                ? response.build()
                : response.header("Retry-After", POLL_AFTER).build();
    }
}
