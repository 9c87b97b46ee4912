package dev.qbank.user;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Establishes the {@link Caller} of every REST request from its {@code Authorization: Bearer <key>} header.
 * No header: anonymous. A header that is not a valid, unrevoked key: 401 on any route, public ones included (as
 * GitHub does), so a client learns at once that its key is wrong. The lookup itself is {@link BearerKeys}, shared
 * with the GraphQL endpoint (which Quarkus REST filters do not see).
 */
public class Authentication {

    private final Caller caller;
    private final BearerKeys keys;

    public Authentication(Caller caller, BearerKeys keys) {
        this.caller = caller;
        this.keys = keys;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public void authenticate(ContainerRequestContext request, HttpServerRequest http) {
        caller.clientAddress(http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress());
        caller.establish(keys.identify(request.getHeaderString(HttpHeaders.AUTHORIZATION)));
    }
}
