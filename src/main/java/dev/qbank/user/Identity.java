package dev.qbank.user;

import java.util.UUID;

/**
 * Who a request's credentials say it comes from. Only {@link BearerKeys} mints one (the constructor is
 * package-private), so whatever establishes a {@link Caller} from it, REST filter or GraphQL, cannot forge a user.
 */
public final class Identity {

    static final Identity ANONYMOUS = new Identity(Caller.Role.ANONYMOUS, null, null);

    final Caller.Role role;
    final UUID userId;
    final UUID keyId;

    Identity(Caller.Role role, UUID userId, UUID keyId) {
        this.role = role;
        this.userId = userId;
        this.keyId = keyId;
    }

    public Caller.Role role() {
        return role;
    }
}
