package dev.qbank.user;

import dev.qbank.api.Problem;
import dev.qbank.api.ProblemException;
import dev.qbank.api.ProblemType;
import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;

/** Who is making the current request, as {@link Authentication} established it. */
@RequestScoped
public class Caller {

    public enum Role {
        ANONYMOUS, USER, ADMIN
    }

    private Role role = Role.ANONYMOUS;
    private UUID userId;
    private UUID keyId;
    private String clientAddress = "unknown";

    /** Takes on the identity {@link BearerKeys} established for this request. */
    public void establish(Identity identity) {
        switch (identity.role) {
            case USER -> becomeUser(identity.userId, identity.keyId);
            case ADMIN -> becomeAdmin();
            case ANONYMOUS -> {
            }
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

    public void clientAddress(String address) {
        this.clientAddress = address;
    }

    public Role role() {
        return role;
    }

    public boolean anonymous() {
        return role == Role.ANONYMOUS;
    }

    /** The calling learner's id; 401 for anonymous callers, 403 for the admin (who is not a learner). */
    public UUID requireUser() {
        if (role == Role.ANONYMOUS) {
            throw unauthenticated();
        }
        if (role == Role.ADMIN) {
            throw new ProblemException(ProblemType.FORBIDDEN,
                    "The admin key administers the bank; sign up as a user (POST /v1/users) to record attempts.");
        }
        return userId;
    }

    /** 401 for anonymous callers, 403 for learners. */
    public void requireAdmin() {
        if (role == Role.ANONYMOUS) {
            throw unauthenticated();
        }
        if (role != Role.ADMIN) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Only the admin key may do this.");
        }
    }

    public UUID keyId() {
        return keyId;
    }

    /**
     * The partition of idempotency keys (and, later, rate limits): a learner, the admin, or an anonymous client
     * by address.
     */
    public String scope() {
        return switch (role) {
            case USER -> "user:" + userId;
            case ADMIN -> "admin";
            case ANONYMOUS -> "anonymous:" + clientAddress;
        };
    }

    public static ProblemException unauthenticated() {
        return new ProblemException(Problem.of(ProblemType.UNAUTHORIZED,
                "This request needs an API key: send Authorization: Bearer <key>. Sign up with POST /v1/users to get one."));
    }
}
