package dev.qbank.support;

import dev.qbank.api.deprecation.DeprecatedEndpoint;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Routes that exist only in the test application, to exercise mechanisms no v1 route uses yet (a deprecated
 * endpoint, a JSON body, an unexpected failure). Hidden from the contract.
 */
@Path("/v1/_test")
public class TestOnlyResource {

    public record Echo(String name, Integer count) {}

    @GET
    @Path("/legacy")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    @DeprecatedEndpoint(
            since = "2026-06-01T00:00:00Z",
            sunset = "2027-06-01T00:00:00Z",
            link = "https://qbank.dev/docs/migrating-to-v2")
    public Map<String, String> legacy() {
        return Map.of("status", "still answering");
    }

    @POST
    @Path("/echo")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Echo echo(Echo echo) {
        return echo;
    }

    @GET
    @Path("/boom")
    @Operation(hidden = true)
    public String boom() {
        throw new IllegalStateException("secret-internal-detail");
    }
}
