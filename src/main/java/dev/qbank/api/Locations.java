package dev.qbank.api;

import jakarta.ws.rs.core.UriInfo;
import java.net.URI;

/** Location headers are absolute URLs of the created resource. */
public final class Locations {

    private Locations() {}

    public static URI of(UriInfo uri, String path) {
        return uri.getBaseUriBuilder().path(path).build();
    }
}
