package dev.qbank.webhook;

import dev.qbank.api.Locations;
import dev.qbank.api.conditional.CachePolicy;
import dev.qbank.api.conditional.Representations;
import dev.qbank.api.idempotency.Idempotency;
import dev.qbank.api.idempotency.Idempotent;
import dev.qbank.api.paging.PageParams;
import dev.qbank.api.paging.PageRequest;
import dev.qbank.api.paging.Paging;
import dev.qbank.security.Caller;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Authenticated
@Path("/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(
        name = "webhooks",
        description = "Signed, retried event deliveries (Standard Webhooks): bank changes for the admin, "
                + "a learner's own attempts for the learner.")
public class WebhookResource {

    private final WebhookService webhooks;
    private final Caller caller;
    private final Paging paging;
    private final Representations representations;

    public WebhookResource(WebhookService webhooks, Caller caller, Paging paging, Representations representations) {
        this.webhooks = webhooks;
        this.caller = caller;
        this.paging = paging;
        this.representations = representations;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearerAuth")
    @Operation(
            operationId = "registerWebhook",
            summary = "Register a webhook (its signing secret is shown once)",
            description =
                    "A learner may have at most `qbank.webhooks.max-per-user` webhooks (10 unless configured); one more "
                            + "is a 409 `webhook-limit-reached` problem whose `max_webhooks` gives the limit. Delete one to make room.")
    @APIResponse(
            responseCode = "201",
            description = "Registered. Store `secret` now: it is never shown again.",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = WebhookViews.NewWebhookView.class)))
    @Idempotent
    public Response register(
            @Valid @NotNull WebhookViews.WebhookRequest body,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @Context UriInfo uri) {
        UUID owner = owner();
        WebhookViews.NewWebhookView created = webhooks.register(owner, body);
        return representations
                .withStatus(Response.Status.CREATED, created, CachePolicy.SECRET)
                .location(Locations.of(uri, WebhookViews.WebhookView.path(created.id())))
                .build();
    }

    @GET
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "listWebhooks", summary = "Your webhooks, newest first")
    @APIResponse(
            responseCode = "200",
            description = "A page of webhooks.",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "WebhookPage")))
    public Response list(@BeanParam PageParams pageParams, @Context Request request, @Context HttpHeaders headers) {
        UUID owner = owner();
        PageRequest page = paging.request(pageParams);
        Paging.Paged<WebhookViews.WebhookView> paged =
                paging.page(pageParams, page, webhooks.list(owner, page), WebhookService::cursorKey);
        return representations
                .okPage(request, headers, paged, CachePolicy.PRIVATE)
                .build();
    }

    @GET
    @Path("/{id}")
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "getWebhook", summary = "One of your webhooks, with its circuit breaker")
    @APIResponse(
            responseCode = "200",
            description = "The webhook (never its secret).",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = WebhookViews.WebhookView.class)))
    public Response get(@PathParam("id") UUID id, @Context Request request, @Context HttpHeaders headers) {
        UUID owner = owner();
        return representations
                .ok(request, headers, webhooks.get(owner, id), CachePolicy.PRIVATE)
                .build();
    }

    @DELETE
    @Produces(MediaType.WILDCARD) // a 204 has no representation: any Accept will do (errors are problem+json)
    @Path("/{id}")
    @SecurityRequirement(name = "bearerAuth")
    @Operation(
            operationId = "deleteWebhook",
            summary = "Delete one of your webhooks; its pending deliveries are dropped")
    @APIResponse(responseCode = "204", description = "Deleted.")
    public Response delete(@PathParam("id") UUID id) {
        UUID owner = owner();
        webhooks.delete(owner, id);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/test")
    @SecurityRequirement(name = "bearerAuth")
    @Operation(operationId = "testWebhook", summary = "Send a webhook.test event to this webhook")
    @APIResponse(
            responseCode = "202",
            description = "Queued; the delivery is listed under the webhook's deliveries.",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = WebhookViews.DeliveryView.class)))
    @Idempotent
    public Response test(
            @PathParam("id") UUID id, @HeaderParam(Idempotency.HEADER) String idempotencyKey, @Context UriInfo uri) {
        UUID owner = owner();
        UUID webhook = id;
        WebhookViews.DeliveryView delivery = webhooks.test(owner, webhook);
        return representations
                .withStatus(Response.Status.ACCEPTED, delivery, CachePolicy.PRIVATE)
                .location(Locations.of(uri, WebhookViews.WebhookView.path(webhook) + "/deliveries"))
                .header("Retry-After", "1")
                .build();
    }

    @GET
    @Path("/{id}/deliveries")
    @SecurityRequirement(name = "bearerAuth")
    @Operation(
            operationId = "listWebhookDeliveries",
            summary = "The webhook's deliveries, newest first: attempts, status codes, next retry")
    @APIResponse(
            responseCode = "200",
            description = "A page of deliveries.",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "DeliveryPage")))
    public Response deliveries(
            @PathParam("id") UUID id,
            @BeanParam PageParams pageParams,
            @Context Request request,
            @Context HttpHeaders headers) {
        UUID owner = owner();
        UUID webhook = id;
        PageRequest page = paging.request(pageParams);
        Paging.Paged<WebhookViews.DeliveryView> paged = paging.page(
                pageParams, page, webhooks.deliveries(owner, webhook, page), WebhookService::deliveryCursorKey);
        return representations
                .okPage(request, headers, paged, CachePolicy.PRIVATE)
                .build();
    }

    /** The admin's subscriptions are the bank's (null owner); a learner's are their own (anonymous: 401, @Authenticated). */
    private UUID owner() {
        return caller.role() == Caller.Role.ADMIN ? null : caller.userId();
    }
}
