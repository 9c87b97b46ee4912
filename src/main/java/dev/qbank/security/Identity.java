package dev.qbank.security;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.UUID;

/**
 * Who a request's credentials say it comes from. Only {@link BearerKeys} mints one (the constructor is
 * package-private), so whatever establishes a {@link Caller} from it, REST filter or GraphQL, cannot forge a user.
 */
public final class Identity {

    /** Where {@link RequestAuthentication} leaves the request's identity on its RoutingContext. */
    public static final String CONTEXT_KEY = "qbank.identity";
    /** Where it leaves the reason it refused the request's key (the 401 is sent after the rate limit). */
    public static final String REFUSAL_CONTEXT_KEY = "qbank.identity-refused";
    /** The SecurityIdentity attribute that holds it ({@link ApiKeyIdentityProvider}). */
    static final String ATTRIBUTE = "qbank.identity";

    static final Identity ANONYMOUS = new Identity(Caller.Role.ANONYMOUS, null, null);

    final Caller.Role role;
    final UUID userId;
    final UUID keyId;

    Identity(Caller.Role role, UUID userId, UUID keyId) {
        this.role = role;
        this.userId = userId;
        this.keyId = keyId;
    }

    /** Ours, from Quarkus's: anonymous unless {@link ApiKeyIdentityProvider} made it. */
    static Identity of(SecurityIdentity identity) {
        Object ours = identity == null ? null : identity.getAttribute(ATTRIBUTE);
        return ours instanceof Identity found ? found : ANONYMOUS;
    }

    public Caller.Role role() {
        return role;
    }

    /** The learner's id; null for the admin and for anonymous callers. */
    public UUID userId() {
        return userId;
    }
}
