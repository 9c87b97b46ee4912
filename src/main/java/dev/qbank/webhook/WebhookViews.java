package dev.qbank.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.qbank.api.Link;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Webhooks on the wire. */
public final class WebhookViews {

    private WebhookViews() {}

    @Schema(name = "WebhookRequest", description = "A webhook to register.")
    public record WebhookRequest(
            @Schema(
                    description = "Where to POST events: an http(s) URL whose host resolves only to public addresses.",
                    example = "https://study.example/hooks/qbank",
                    required = true,
                    maxLength = WebhookTargets.MAX_URL_LENGTH)
            @NotNull
            String url,

            @Schema(
                    description =
                            "Events to receive. The admin: question.created, question.updated, question.deleted, "
                                    + "category.created, category.updated, category.deleted. A learner: attempt.created (their own attempts).",
                    example = "[\"question.created\", \"question.updated\"]",
                    required = true)
            @NotEmpty
            @Size(max = 10)
            List<@NotNull @Size(max = 64) String> events) {}

    @Schema(name = "BreakerView", description = "The endpoint's circuit breaker.")
    public record BreakerView(
            @Schema(
                    enumeration = {"closed", "open", "half_open"},
                    description = "closed: deliveries flow; open: none are sent "
                            + "until `retry_at`; half_open: one probe delivery is in flight.")
            String state,

            @Schema(description = "Failed attempts in a row.", example = "0")
            int consecutiveFailures,

            @Schema(nullable = true, description = "When an open breaker lets a probe through.")
            Instant retryAt) {}

    @Schema(name = "WebhookView", description = "A webhook subscription (never its secret).")
    public record WebhookView(
            UUID id,

            @Schema(example = "https://study.example/hooks/qbank")
            String url,

            @Schema(example = "[\"question.created\"]", maxItems = 10)
            List<String> events,

            Instant createdAt,

            @Schema(
                    nullable = true,
                    description = "Set when the receiver answered 410 Gone; a disabled webhook receives nothing.")
            Instant disabledAt,

            @Schema(nullable = true) String disabledReason,
            BreakerView breaker,

            @Schema(ref = "Links", description = "self, deliveries, test.") @JsonProperty("_links")
            Map<String, Link> links) {

        static WebhookView of(Webhook webhook) {
            return new WebhookView(
                    webhook.id,
                    webhook.url,
                    List.copyOf(webhook.events),
                    webhook.createdAt,
                    webhook.disabledAt,
                    webhook.disabledReason,
                    new BreakerView(webhook.breakerState, webhook.consecutiveFailures, webhook.breakerRetryAt),
                    links(webhook.id));
        }

        static Map<String, Link> links(UUID id) {
            Map<String, Link> links = new LinkedHashMap<>();
            links.put("self", Link.to(path(id)));
            links.put("deliveries", Link.to(path(id) + "/deliveries"));
            links.put("test", Link.to(path(id) + "/test"));
            return links;
        }

        public static String path(UUID id) {
            return "/v1/webhooks/" + id;
        }
    }

    @Schema(
            name = "NewWebhookView",
            description = "A webhook just registered. `secret` is shown this once and never again.")
    public record NewWebhookView(
            UUID id,
            String url,
            @Schema(maxItems = 10) List<String> events,

            @Schema(
                    description =
                            "The signing secret: `whsec_` and the base64 of 32 random bytes. Verify each delivery's "
                                    + "`webhook-signature` with it (Standard Webhooks). Store it now; it cannot be shown again.",
                    example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw6d1Dv0xBf7k=")
            String secret,

            Instant createdAt,
            @Schema(ref = "Links") @JsonProperty("_links") Map<String, Link> links) {

        static NewWebhookView of(Webhook webhook) {
            return new NewWebhookView(
                    webhook.id,
                    webhook.url,
                    List.copyOf(webhook.events),
                    webhook.secret,
                    webhook.createdAt,
                    WebhookView.links(webhook.id));
        }
    }

    @Schema(name = "DeliveryAttempt", description = "One attempt to deliver an event.")
    public record DeliveryAttempt(
            @Schema(example = "1") int attempt,
            Instant at,

            @Schema(
                    nullable = true,
                    description = "The receiver's status code; null when there was no response.",
                    example = "503")
            Integer statusCode,

            @Schema(
                    nullable = true,
                    description = "Why there was no response (timeout, connection refused, refused target).")
            String error,

            @Schema(example = "42") long durationMs) {}

    @Schema(name = "DeliveryView", description = "One event's delivery to this webhook, and every attempt so far.")
    public record DeliveryView(
            UUID id,

            @Schema(description = "The event id: the `webhook-id` header of every attempt.")
            UUID eventId,

            @Schema(example = "question.updated") String eventType,

            @Schema(
                    enumeration = {"pending", "succeeded", "failed", "cancelled"},
                    description = "pending: will be tried "
                            + "(again) at `next_attempt_at`; failed: gave up; cancelled: the webhook was disabled.")
            String status,

            @Schema(example = "2") int attempts,

            @Schema(nullable = true, description = "When the next attempt is due; null once finished.")
            Instant nextAttemptAt,

            @Schema(nullable = true, example = "503") Integer lastStatusCode,
            @Schema(nullable = true) String lastError,

            @Schema(
                    description =
                            "Every attempt so far, oldest first: at most qbank.webhooks.max-attempts (11 by default).",
                    maxItems = 11)
            List<DeliveryAttempt> attemptLog,

            Instant createdAt,
            @Schema(nullable = true) Instant finishedAt,

            @Schema(ref = "Links", description = "webhook.") @JsonProperty("_links")
            Map<String, Link> links) {}
}
