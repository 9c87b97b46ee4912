package dev.qbank.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qbank.support.ApiTest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * OWASP API4:2023 (unrestricted resource consumption) and API8 (security misconfiguration): the router serves many
 * spellings of one path, so every spelling it would rewrite is refused before anything else sees it, and the
 * limiter (its exemption of /q/, its sign-up policy) always judges the path the router serves. Requests go out with
 * java.net.http and the path exactly as written (no client-side normalization).
 */
@QuarkusTest
class PathSpellingsTest extends ApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TestHTTPResource("/")
    URI root;

    private HttpResponse<String> send(String method, String rawPath, String body) throws Exception {
        URI uri = URI.create("http://" + root.getHost() + ":" + root.getPort() + rawPath);
        assertEquals(rawPath, uri.getRawPath(), "the path goes out as written");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertNonCanonical(HttpResponse<String> response, String plain) throws Exception {
        assertEquals(400, response.statusCode(), response.uri() + ": " + response.body());
        assertEquals(
                "application/problem+json",
                response.headers().firstValue("Content-Type").orElse(""));
        JsonNode problem = JSON.readTree(response.body());
        assertEquals(
                "https://qbank.dev/problems/non-canonical-path",
                problem.path("type").asText());
        assertEquals(400, problem.path("status").asInt());
        assertEquals(plain, problem.path("canonical_path").asText(), response.body());
        assertTrue(problem.path("request_id").isTextual(), "the refusal carries the request id");
        assertTrue(
                response.headers().firstValue("RateLimit").orElse("").startsWith("\"anonymous\""),
                "the refusal is charged, as anonymous: " + response.headers().map());
    }

    @Test
    void everySpellingTheRouterWouldRewriteIsRefusedNamingThePlainPath() throws Exception {
        Map<String, String> spellings = Map.ofEntries(
                Map.entry("/v1/./questions/1", "/v1/questions/1"),
                Map.entry("/v1/questions/../questions/1", "/v1/questions/1"),
                Map.entry("/v1/%2e/questions/1", "/v1/questions/1"),
                Map.entry("/v1/%2E%2E/v1/questions/1", "/v1/questions/1"),
                Map.entry("//v1/questions/1", "/v1/questions/1"),
                Map.entry("/v1//questions/1", "/v1/questions/1"),
                Map.entry("/v1/%71uestions/1", "/v1/questions/1"),
                Map.entry("/v1/questions/%31", "/v1/questions/1"),
                Map.entry("/v1/questions;x=1/1", "/v1/questions/1"),
                Map.entry("/v1/questions/1;x=2", "/v1/questions/1"),
                Map.entry("/q/../v1/questions", "/v1/questions"),
                Map.entry("/q/%2e%2e/v1/questions", "/v1/questions"),
                Map.entry("/q/health/..%2F..%2Fv1/questions", "/q/health/..%2F..%2Fv1/questions"));
        for (Map.Entry<String, String> spelling : spellings.entrySet()) {
            if (spelling.getKey().contains("%2F")) {
                // An encoded slash: refused; Vert.x leaves %2F encoded, so the suggestion keeps it too.
                HttpResponse<String> response = send("GET", spelling.getKey(), null);
                assertEquals(400, response.statusCode(), spelling.getKey());
                continue;
            }
            assertNonCanonical(send("GET", spelling.getKey(), null), spelling.getValue());
        }
    }

    @Test
    void thePlainPathATrailingSlashAndACaseVariantAreAllChargedAsUsual() throws Exception {
        for (String path : List.of("/v1/questions/1", "/v1/questions/1/")) {
            HttpResponse<String> response = send("GET", path, null);
            assertEquals(200, response.statusCode(), path);
            assertTrue(response.headers().firstValue("RateLimit").orElse("").startsWith("\"anonymous\""), path);
        }
        HttpResponse<String> upper = send("GET", "/V1/questions/1", null);
        assertEquals(404, upper.statusCode(), "the router does not fold case");
        assertTrue(
                upper.headers().firstValue("RateLimit").orElse("").startsWith("\"anonymous\""),
                "and the 404 is charged");
        HttpResponse<String> openapi = send("GET", "/q/openapi", null);
        assertEquals(200, openapi.statusCode());
        assertTrue(
                openapi.headers().firstValue("RateLimit").orElse("").startsWith("\"anonymous\""),
                "nothing on the API port is exempt, /q/ included (health and metrics are on the management port)");
    }

    @Test
    void signUpIsChargedToTheSignUpPolicyHoweverItsPathIsSpelled() throws Exception {
        for (String spelling :
                List.of("/v1/%75sers", "/v1/./users", "//v1/users", "/v1/users;a=b", "/v1/x/../users", "/v1/user%73")) {
            String name = "Spelled " + UUID.randomUUID();
            assertNonCanonical(send("POST", spelling, "{\"name\":\"" + name + "\"}"), "/v1/users");
        }
        for (String path : List.of("/v1/users", "/v1/users/")) {
            HttpResponse<String> created = send("POST", path, "{\"name\":\"Plain " + UUID.randomUUID() + "\"}");
            assertEquals(201, created.statusCode(), path + ": " + created.body());
            String policy = created.headers().firstValue("RateLimit-Policy").orElse("");
            assertTrue(policy.contains("\"sign-up\""), path + " is charged to the sign-up policy: " + policy);
        }
        HttpResponse<String> upper = send("POST", "/V1/users", "{\"name\":\"Upper\"}");
        assertEquals(404, upper.statusCode(), "no sign-up happens at another case");
    }

    @Test
    void graphqlSpellingsAreRefusedToo() throws Exception {
        for (String spelling : List.of("//graphql", "/graphql;x=1", "/%67raphql", "/v1/../graphql")) {
            assertNonCanonical(send("POST", spelling, "{\"query\":\"{ __typename }\"}"), "/graphql");
        }
    }
}
