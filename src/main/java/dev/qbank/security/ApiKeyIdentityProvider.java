package dev.qbank.security;

import dev.qbank.api.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns an {@link ApiKeyCredential} into a {@link SecurityIdentity}: {@link BearerKeys} looks the key up (a
 * database read, so on a worker thread), and the identity carries the role for {@code @RolesAllowed}
 * ({@link Roles}), the learner's id as its principal, and our {@link Identity} as an attribute for the rate limiter
 * and {@link Caller}. A key that is not valid fails with an {@link AuthenticationFailedException} whose cause is the
 * 401 problem to send.
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyCredential> {

    private final BearerKeys keys;

    public ApiKeyIdentityProvider(BearerKeys keys) {
        this.keys = keys;
    }

    @Override
    public Class<ApiKeyCredential> getRequestType() {
        return ApiKeyCredential.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyCredential request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            Identity identity;
            try {
                identity = QuarkusTransaction.requiringNew().call(() -> keys.identify(request.authorization()));
            } catch (ProblemException refused) {
                throw new AuthenticationFailedException(refused.problem().getDetail(), refused);
            }
            return of(identity);
        });
    }

    static SecurityIdentity of(Identity identity) {
        QuarkusSecurityIdentity.Builder builder =
                QuarkusSecurityIdentity.builder().addAttribute(Identity.ATTRIBUTE, identity);
        switch (identity.role()) {
            case USER ->
                builder.setPrincipal(new QuarkusPrincipal(identity.userId().toString()))
                        .addRole(Roles.USER);
            case ADMIN -> builder.setPrincipal(new QuarkusPrincipal("admin")).addRole(Roles.ADMIN);
            case ANONYMOUS -> builder.setAnonymous(true);
        }
        return builder.build();
    }
}
