package dev.qbank.security;

import static dev.qbank.support.Keys.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qbank.support.ApiTest;
import dev.qbank.support.Keys;
import dev.qbank.support.Learner;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * OWASP API4:2023 (unrestricted resource consumption): a body is as large as its route family needs, refused on its
 * Content-Length before it is read; a body without a length is refused rather than read to find out.
 */
@QuarkusTest
class BodyLimitsTest extends ApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URI root;

    private HttpResponse<String> post(String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(root.resolve(path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertTooLarge(HttpResponse<String> response, long max) throws Exception {
        assertEquals(413, response.statusCode(), response.body());
        assertEquals(
                "application/problem+json",
                response.headers().firstValue("Content-Type").orElse(""));
        // Charged like every request: an oversized body buys nothing.
        assertTrue(
                response.headers().firstValue("RateLimit").isPresent(),
                response.headers().toString());
        JsonNode problem = JSON.readTree(response.body());
        assertEquals(
                "https://qbank.dev/problems/content-too-large",
                problem.path("type").asText());
        assertEquals(max, problem.path("max_bytes").asLong());
    }

    @Test
    void eachRouteFamilyHasItsOwnLimit() throws Exception {
        String padding5k = "x".repeat(5 * 1024);
        assertTooLarge(post("/v1/users", null, "{\"name\":\"" + padding5k + "\"}"), 4 * 1024);
        assertTooLarge(post("/v1/users/", null, "{\"name\":\"" + padding5k + "\"}"), 4 * 1024);

        String padding200k = "x".repeat(200 * 1024);
        String key = Keys.newLearner();
        assertTooLarge(
                post("/v1/attempts", key, "{\"question\":1,\"answer\":\"" + padding200k + "\",\"rating\":\"good\"}"),
                128 * 1024);
        assertTooLarge(
                post("/graphql", null, "{\"query\":\"{ __typename }\",\"padding\":\"" + padding200k + "\"}"),
                128 * 1024);
        // 2 MB to /graphql (processed before): refused unread.
        assertTooLarge(
                post("/graphql", null, "{\"query\":\"{ __typename }\",\"padding\":\"" + "y".repeat(2 << 20) + "\"}"),
                128 * 1024);

        // An import of 200 KB is fine (up to 4 MB), an import of 5 MB is not.
        String admin = Keys.ADMIN;
        StringBuilder rows = new StringBuilder("[");
        for (int i = 0; i < 5; i++) {
            rows.append(i == 0 ? "" : ",")
                    .append("{\"category\":\"no-such\",\"text\":\"")
                    .append("z".repeat(40 * 1024))
                    .append("\"}");
        }
        HttpResponse<String> accepted =
                post("/v1/imports", admin, rows.append("]").toString());
        assertEquals(202, accepted.statusCode(), accepted.body());
        assertTooLarge(post("/v1/imports", admin, "[{\"text\":\"" + "z".repeat(5 << 20) + "\"}]"), 4L << 20);

        // Within the limits everything works as before: the largest legal attempt answer, JSON-escaped.
        Learner learner = Learner.signUp();
        Map<String, Object> attempt = Learner.attempt(2, "good");
        attempt.put("answer", "\u00e9".repeat(10_000));
        learner.json(attempt).when().post("/v1/attempts").then().statusCode(201);
        asAdmin().when().get("/v1/questions/1").then().statusCode(200);
    }

    @Test
    void aChunkedBodyWithoutALengthIsRefusedUnread() throws Exception {
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"nam\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush(); // the rest of the body never comes
            String response = readResponse(socket.getInputStream());
            assertTrue(response.startsWith("HTTP/1.1 411"), response);
            assertTrue(response.contains("https://qbank.dev/problems/length-required"), response);
            assertTrue(response.toLowerCase(java.util.Locale.ROOT).contains("\r\nratelimit:"), response);
        }
    }

    /** One HTTP/1.1 response with a Content-Length, read without waiting for the connection to close. */
    private static String readResponse(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
