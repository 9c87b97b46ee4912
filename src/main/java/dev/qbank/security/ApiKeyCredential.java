package dev.qbank.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** The credential {@link BearerKeyMechanism} reads: the request's {@code Authorization} header, as sent. */
public final class ApiKeyCredential extends BaseAuthenticationRequest {

    private final String authorization;

    public ApiKeyCredential(String authorization) {
        this.authorization = authorization;
    }

    public String authorization() {
        return authorization;
    }

    @Override
    public String toString() {
        return "ApiKeyCredential[***]"; // a secret: never in a log line
    }
}
