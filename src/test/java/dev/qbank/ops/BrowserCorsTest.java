package dev.qbank.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.qbank.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A real browser (headless Chromium) loads a page from another origin whose JavaScript calls the API and reads
 * the headers a frontend needs. This is what fails on APIs that forget Access-Control-Expose-Headers.
 */
@QuarkusTest
class BrowserCorsTest extends ApiTest {

    private static final Pattern OUT = Pattern.compile("<pre id=\"out\">(.*?)</pre>", Pattern.DOTALL);

    @Test
    void aPageOnAnotherOriginReadsETagLinkAndRateLimitFromJavaScript() throws Exception {
        String chromium = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser").stream()
                .filter(p -> Files.isExecutable(Path.of(p)))
                .findFirst()
                .orElse(null);
        if (chromium == null) {
            // CI installs Chromium (.ci/run); elsewhere the test needs `apt-get install chromium` to run.
            assumeTrue(System.getenv("CI") == null, "Chromium is not installed");
            throw new AssertionError("Chromium must be installed in CI");
        }
        String api = "http://localhost:" + RestAssured.port;
        String html = """
                <!doctype html><html><body><pre id="out">pending</pre><script>
                fetch('%s/v1/questions?limit=2', {headers: {'X-Request-Id': 'from-the-browser'}})
                  .then(r => r.json().then(body => {
                    document.getElementById('out').textContent = JSON.stringify({
                      status: r.status, etag: r.headers.get('ETag'), link: r.headers.get('Link'),
                      ratelimit: r.headers.get('RateLimit'), ratelimitPolicy: r.headers.get('RateLimit-Policy'),
                      requestId: r.headers.get('X-Request-Id'), traceresponse: r.headers.get('traceresponse'),
                      first: body.data[0].number});
                  }))
                  .catch(e => { document.getElementById('out').textContent = JSON.stringify({error: String(e)}); });
                </script></body></html>
                """.formatted(api);
        HttpServer page = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        page.createContext("/", exchange -> {
            byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        page.start();
        Path profile = Files.createTempDirectory("qbank-chromium");
        try {
            Process browser = new ProcessBuilder(
                            chromium,
                            "--headless",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-quic",
                            "--no-first-run",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--user-data-dir=" + profile,
                            "--virtual-time-budget=15000",
                            "--dump-dom",
                            "http://127.0.0.1:" + page.getAddress().getPort() + "/")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String dom = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(browser.waitFor(60, TimeUnit.SECONDS), "chromium finished");
            Matcher out = OUT.matcher(dom);
            assertTrue(out.find(), "the page rendered: " + dom);
            JsonNode seen = new ObjectMapper()
                    .readTree(out.group(1)
                            .replace("&quot;", "\"")
                            .replace("&amp;", "&")
                            .replace("&lt;", "<")
                            .replace("&gt;", ">"));
            assertEquals(200, seen.path("status").asInt(), seen.toString());
            assertEquals(1, seen.path("first").asInt());
            assertTrue(seen.path("etag").asText().startsWith("\""), "ETag readable: " + seen);
            assertTrue(seen.path("link").asText().contains("rel=\"next\""), "Link readable: " + seen);
            assertEquals("from-the-browser", seen.path("requestId").asText());
            assertTrue(seen.path("traceresponse").asText().startsWith("00-"), "traceresponse readable: " + seen);
            assertTrue(
                    seen.path("ratelimit").asText().matches("^\"[a-z-]+\";r=\\d+;t=\\d+$"),
                    "RateLimit readable: " + seen);
            assertTrue(seen.path("ratelimitPolicy").asText().contains(";q="), "RateLimit-Policy readable: " + seen);
        } finally {
            page.stop(0);
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }
}
