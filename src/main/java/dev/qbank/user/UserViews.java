package dev.qbank.user;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.qbank.api.Link;
import dev.qbank.api.input.NulCharacters;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The users feature on the wire. */
public final class UserViews {

    private UserViews() {}

    @Schema(name = "SignUpRequest")
    public record SignUpRequest(
            @Schema(description = "Display name, 1 to 100 characters.", example = "Ada", required = true)
            @NotBlank
            @Size(max = 100)
            @Pattern(regexp = NulCharacters.NONE, message = NulCharacters.REASON)
            String name) {}

    @Schema(name = "NewKeyRequest")
    public record NewKeyRequest(
            @Schema(
                    description = "A label to recognise the key by, up to 100 characters.",
                    example = "laptop",
                    nullable = true)
            @Size(max = 100)
            @Pattern(regexp = NulCharacters.NONE, message = NulCharacters.REASON)
            String name) {}

    @Schema(name = "UserView", description = "A learner (or, for the admin key, the admin).")
    public record UserView(
            @Schema(nullable = true, description = "The user's id; null for the admin.")
            UUID id,

            @Schema(example = "Ada") String name,
            @Schema(enumeration = {"user", "admin"}) String role,
            @Schema(nullable = true) Instant createdAt,

            @Schema(
                    nullable = true,
                    enumeration = {"fsrs", "sm2"},
                    description = "Which scheduler sets your due dates: FSRS-6 (the default) or SM-2. Change it with "
                            + "PATCH; your history is replayed through it. Null for the admin.")
            String scheduler,

            @Schema(
                    nullable = true,
                    minimum = "0.70",
                    maximum = "0.97",
                    description = "FSRS-6's target: the probability of recalling a question when it falls due, 0.70 "
                            + "to 0.97 (default 0.90). Higher means shorter intervals. Null for the admin.",
                    example = "0.9")
            BigDecimal desiredRetention,

            @Schema(ref = "Links", description = "self, keys, attempts, progress, due.") @JsonProperty("_links")
            Map<String, Link> links) {

        static UserView of(User user) {
            Map<String, Link> links = new LinkedHashMap<>();
            links.put("self", Link.to("/v1/users/me"));
            links.put("keys", Link.to("/v1/users/me/keys"));
            links.put("attempts", Link.to("/v1/attempts"));
            links.put("progress", Link.to("/v1/users/me/progress"));
            links.put("due", Link.to("/v1/users/me/due"));
            return new UserView(
                    user.id, user.name, "user", user.createdAt, user.scheduler, user.desiredRetention, links);
        }

        static UserView admin() {
            return new UserView(null, "admin", "admin", null, null, null, Map.of("self", Link.to("/v1/users/me")));
        }
    }

    @Schema(name = "ApiKeyView", description = "An API key as listed: never its secret.")
    public record ApiKeyView(
            UUID id,
            @Schema(nullable = true, example = "laptop") String name,

            @Schema(description = "The first characters of the key, to recognise it by.", example = "qb_7Hq2xK9a")
            String prefix,

            Instant createdAt,
            @Schema(nullable = true) Instant lastUsedAt,

            @Schema(nullable = true, description = "When the key was revoked; a revoked key no longer works.")
            Instant revokedAt,

            @Schema(ref = "Links") @JsonProperty("_links") Map<String, Link> links) {

        static ApiKeyView of(ApiKey key) {
            return new ApiKeyView(
                    key.id,
                    key.name,
                    key.prefix,
                    key.createdAt,
                    key.lastUsedAt,
                    key.revokedAt,
                    Map.of("self", Link.to("/v1/users/me/keys/" + key.id)));
        }
    }

    @Schema(name = "NewApiKeyView", description = "A key just created. `secret` is shown this once and never again.")
    public record NewApiKeyView(
            UUID id,
            @Schema(nullable = true) String name,
            @Schema(example = "qb_7Hq2xK9a") String prefix,

            @Schema(
                    description =
                            "The key itself: send it as Authorization: Bearer <secret>. Store it now; it cannot be shown again.",
                    example = "qb_7Hq2xK9aP3mZr8TfW1cYvB6nQeL0sJ4uD5gH2kA9oXy")
            String secret,

            Instant createdAt,
            @Schema(ref = "Links") @JsonProperty("_links") Map<String, Link> links) {

        static NewApiKeyView of(ApiKey key, String secret) {
            return new NewApiKeyView(
                    key.id,
                    key.name,
                    key.prefix,
                    secret,
                    key.createdAt,
                    Map.of("self", Link.to("/v1/users/me/keys/" + key.id)));
        }
    }

    @Schema(name = "SignUpView", description = "A new user and their first API key.")
    public record SignUpView(UserView user, NewApiKeyView apiKey) {}
}
