package dev.qbank.security;

import dev.qbank.api.problem.ProblemResponses;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * {@code @RolesAllowed} and {@code @Authenticated} refusals as our problems: 401 {@code unauthorized} without a key
 * (with the Bearer challenge), 403 {@code forbidden} with a key of the wrong role, saying which key it takes. Two
 * roles only, so the role the caller has says which one the method wanted.
 */
public class SecurityProblems {

    private final ProblemResponses responses;
    private final SecurityIdentity identity;

    public SecurityProblems(ProblemResponses responses, SecurityIdentity identity) {
        this.responses = responses;
        this.identity = identity;
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return responses.build(Caller.unauthenticated().problem(), uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        if (identity.isAnonymous()) {
            return responses.build(Caller.unauthenticated().problem(), uri);
        }
        return responses.build(
                (identity.hasRole(Roles.ADMIN) ? Caller.adminIsNotALearner() : Caller.onlyTheAdmin()).problem(), uri);
    }
}
