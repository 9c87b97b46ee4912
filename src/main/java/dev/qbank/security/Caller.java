package dev.qbank.security;

import dev.qbank.api.idempotency.IdempotencyScope;
import dev.qbank.api.problem.Problem;
import dev.qbank.api.problem.ProblemException;
import dev.qbank.api.problem.ProblemType;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;

/**
 * Who is making the current request, REST or GraphQL alike: the identity {@link RequestAuthentication} resolved
 * (through Quarkus Security) before any route ran, read from the request on first use. Which roles may call a REST
 * method is said by {@code @RolesAllowed} on the method; this is how the method learns which learner it serves.
 */
@RequestScoped
public class Caller implements IdempotencyScope {

    public enum Role {
        ANONYMOUS,
        USER,
        ADMIN
    }

    private final CurrentVertxRequest current;
    private boolean established;
    private Role role = Role.ANONYMOUS;
    private UUID userId;
    private UUID keyId;
    private String clientAddress = "unknown";

    public Caller(CurrentVertxRequest current) {
        this.current = current;
    }

    private void ensure() {
        if (!established) {
            from(current == null ? null : current.getCurrent());
        }
    }

    /** Takes on the identity RequestAuthentication left on the request. */
    void from(RoutingContext ctx) {
        if (ctx == null) {
            return; // not yet reachable from here (GraphQL before its resolvers): anonymous for now, asked again
        }
        established = true;
        if (ctx.request().remoteAddress() != null) {
            clientAddress = ctx.request().remoteAddress().hostAddress();
        }
        Identity identity = ctx.get(Identity.CONTEXT_KEY);
        if (identity != null) {
            establish(identity);
        }
    }

    private void establish(Identity identity) {
        switch (identity.role) {
            case USER -> becomeUser(identity.userId, identity.keyId);
            case ADMIN -> becomeAdmin();
            case ANONYMOUS -> {}
        }
    }

    void becomeUser(UUID userId, UUID keyId) {
        this.role = Role.USER;
        this.userId = userId;
        this.keyId = keyId;
    }

    void becomeAdmin() {
        this.role = Role.ADMIN;
    }

    public Role role() {
        ensure();
        return role;
    }

    public boolean anonymous() {
        return role() == Role.ANONYMOUS;
    }

    /**
     * The calling learner's id, for a method that {@code @RolesAllowed(Roles.USER)} lets only learners call; null
     * for the admin and anonymous callers.
     */
    public UUID userId() {
        ensure();
        return userId;
    }

    /**
     * The calling learner's id; 401 for anonymous callers, 403 for the admin (who is not a learner). For GraphQL
     * fields, where a refusal is an error on that field (with its problem type) beside the data of the others; REST
     * methods say it with {@code @RolesAllowed(Roles.USER)}.
     */
    public UUID requireUser() {
        ensure();
        if (role == Role.ANONYMOUS) {
            throw unauthenticated();
        }
        if (role == Role.ADMIN) {
            throw adminIsNotALearner();
        }
        return userId;
    }

    public UUID keyId() {
        ensure();
        return keyId;
    }

    /**
     * The partition of idempotency keys (and, later, rate limits): a learner, the admin, or an anonymous client
     * by address.
     */
    public String scope() {
        ensure();
        return switch (role) {
            case USER -> "user:" + userId;
            case ADMIN -> "admin";
            case ANONYMOUS -> "anonymous:" + clientAddress;
        };
    }

    static ProblemException adminIsNotALearner() {
        return new ProblemException(
                ProblemType.FORBIDDEN,
                "The admin key administers the bank; sign up as a user (POST /v1/users) to record attempts.");
    }

    static ProblemException onlyTheAdmin() {
        return new ProblemException(ProblemType.FORBIDDEN, "Only the admin key may do this.");
    }

    public static ProblemException unauthenticated() {
        return new ProblemException(
                Problem.of(
                        ProblemType.UNAUTHORIZED,
                        "This request needs an API key: send Authorization: Bearer <key>. Sign up with POST /v1/users to get one."));
    }
}
