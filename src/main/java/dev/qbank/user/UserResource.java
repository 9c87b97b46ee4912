package dev.qbank.user;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qbank.api.Locations;
import dev.qbank.api.conditional.CachePolicy;
import dev.qbank.api.conditional.Representations;
import dev.qbank.api.idempotency.Idempotency;
import dev.qbank.api.idempotency.Idempotent;
import dev.qbank.api.media.MergePatch;
import dev.qbank.api.openapi.ContractFilter;
import dev.qbank.api.paging.PageParams;
import dev.qbank.api.paging.PageRequest;
import dev.qbank.api.paging.Paging;
import dev.qbank.api.problem.ProblemException;
import dev.qbank.security.Caller;
import dev.qbank.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * /v1/users: sign-up, the caller and their API keys. The caller's progress, review queue and attempts export live
 * with their data (review and attempt), each as a class at its full path: Quarkus REST picks one resource class per
 * request by the longest matching class path, so a second class at /v1/users/me would take /v1/users/me and
 * /v1/users/me/keys away from this one (and answer them 404).
 */
@Path("/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "users", description = "Sign-up and API keys.")
public class UserResource {

    private final UserService users;
    private final Caller caller;
    private final Paging paging;
    private final Representations representations;
    private final ObjectMapper mapper;

    public UserResource(
            UserService users, Caller caller, Paging paging, Representations representations, ObjectMapper mapper) {
        this.mapper = mapper;
        this.users = users;
        this.caller = caller;
        this.paging = paging;
        this.representations = representations;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "signUp", summary = "Sign up: create a user and their first API key (shown once)")
    @APIResponse(
            responseCode = "201",
            description = "The user and their first key. Store `api_key.secret` now: it is never shown again.",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = UserViews.SignUpView.class)))
    @Idempotent
    public Response signUp(
            @Valid @NotNull UserViews.SignUpRequest body,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @Context UriInfo uri) {
        UserViews.SignUpView created = users.signUp(body.name());
        return representations
                .withStatus(Response.Status.CREATED, created, CachePolicy.SECRET)
                .location(Locations.of(uri, "/v1/users/" + created.user().id()))
                .build();
    }

    @GET
    @Path("/me")
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "getMe", summary = "The caller: the user the API key belongs to")
    @APIResponse(
            responseCode = "200",
            description = "The caller.",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = UserViews.UserView.class)))
    @io.quarkus.security.Authenticated
    public Response me(@Context Request request, @Context HttpHeaders headers) {
        if (caller.role() == Caller.Role.ADMIN) {
            return representations
                    .ok(request, headers, UserViews.UserView.admin(), CachePolicy.PRIVATE)
                    .build();
        }
        return representations
                .ok(request, headers, users.get(caller.userId()), CachePolicy.PRIVATE)
                .build();
    }

    @PATCH
    @Path("/me")
    @Consumes(MergePatch.MEDIA_TYPE)
    @SecurityRequirement(name = "bearerAuth")
    @Extension(name = ContractFilter.IF_MATCH, value = ContractFilter.REQUIRED)
    @Operation(
            operationId = "patchMe",
            summary = "Change your settings with a JSON merge patch: scheduler, desired_retention (If-Match required)",
            description = "Switching scheduler or changing the desired retention replays your whole history through "
                    + "the new settings before the answer: the review queue is at once what it would have been.")
    @RequestBody(
            required = true,
            description = "An RFC 7396 merge patch of your settings.",
            content = @Content(mediaType = MergePatch.MEDIA_TYPE, schema = @Schema(ref = "SettingsPatch")))
    @APIResponse(
            responseCode = "200",
            description = "Changed; `ETag` is the new entity tag.",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = UserViews.UserView.class)))
    @RolesAllowed(Roles.USER)
    public Response patchMe(@HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, String body)
            throws JsonProcessingException {
        UserViews.UserView patched = users.updateSettings(caller.userId(), ifMatch, MergePatch.parse(mapper, body));
        return representations
                .withStatus(Response.Status.OK, patched, CachePolicy.PRIVATE)
                .build();
    }

    @GET
    @Path("/{id}")
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "getUser", summary = "A user by id: only your own (any other is a 404)")
    @APIResponse(
            responseCode = "200",
            description = "The user.",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = UserViews.UserView.class)))
    @RolesAllowed(Roles.USER)
    public Response get(@PathParam("id") UUID id, @Context Request request, @Context HttpHeaders headers) {
        UUID userId = id;
        if (!userId.equals(caller.userId())) {
            throw ProblemException.notFound("No such user.");
        }
        return representations
                .ok(request, headers, users.get(userId), CachePolicy.PRIVATE)
                .build();
    }

    @POST
    @Path("/me/keys")
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "createKey", summary = "Create another API key (its secret is shown once)")
    @APIResponse(
            responseCode = "201",
            description = "The new key, with its secret shown this once.",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = UserViews.NewApiKeyView.class)))
    @RolesAllowed(Roles.USER)
    @Idempotent
    public Response createKey(
            @Valid UserViews.NewKeyRequest body,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @Context UriInfo uri) {
        UUID userId = caller.userId();
        UserViews.NewKeyRequest request = body == null ? new UserViews.NewKeyRequest(null) : body;
        UserViews.NewApiKeyView key = users.createKey(userId, request.name());
        return representations
                .withStatus(Response.Status.CREATED, key, CachePolicy.SECRET)
                .location(Locations.of(uri, "/v1/users/me/keys/" + key.id()))
                .build();
    }

    @GET
    @Path("/me/keys")
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "listKeys", summary = "Your API keys, newest first (never their secrets)")
    @APIResponse(
            responseCode = "200",
            description = "A page of keys.",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "ApiKeyPage")))
    @RolesAllowed(Roles.USER)
    public Response listKeys(@BeanParam PageParams pageParams, @Context Request request, @Context HttpHeaders headers) {
        UUID userId = caller.userId();
        PageRequest page = paging.request(pageParams);
        Paging.Paged<UserViews.ApiKeyView> paged =
                paging.page(pageParams, page, users.listKeys(userId, page), UserService::cursorKey);
        return representations
                .okPage(request, headers, paged, CachePolicy.PRIVATE)
                .build();
    }

    @GET
    @Path("/me/keys/{id}")
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "getKey", summary = "One of your API keys")
    @APIResponse(
            responseCode = "200",
            description = "The key (never its secret).",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = UserViews.ApiKeyView.class)))
    @RolesAllowed(Roles.USER)
    public Response getKey(@PathParam("id") UUID id, @Context Request request, @Context HttpHeaders headers) {
        UUID userId = caller.userId();
        return representations
                .ok(request, headers, users.getKey(userId, id), CachePolicy.PRIVATE)
                .build();
    }

    @DELETE
    @Produces(MediaType.WILDCARD) // a 204 has no representation: any Accept will do (errors are problem+json)
    @Path("/me/keys/{id}")
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "revokeKey", summary = "Revoke one of your API keys; it stops working at once")
    @APIResponse(responseCode = "204", description = "Revoked.")
    @RolesAllowed(Roles.USER)
    public Response revokeKey(@PathParam("id") UUID id) {
        users.revokeKey(caller.userId(), id);
        return Response.noContent().build();
    }
}
