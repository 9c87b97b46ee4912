package dev.qbank.webhook;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends one delivery with the Vert.x HTTP client: to the address the SSRF guard vetted (RequestOptions.server), while
 * the Host header and TLS (SNI, certificate check) use the URL's host name. Redirects are not followed (a redirect
 * could lead anywhere). Bounded: connect-timeout to connect, request-timeout for the whole attempt. Non-blocking: a
 * slow receiver holds a connection and an in-flight slot (WebhookDispatcher), never a thread.
 */
@ApplicationScoped
public class WebhookClient {

    /** What came back: a status (and Retry-After), or the reason there was none. */
    public record Outcome(int status, String retryAfter, String error, long durationMs) {

        public boolean delivered() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpClient client;
    private final WebhookConfig config;

    public WebhookClient(Vertx vertx, WebhookConfig config) {
        this.config = config;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setName("qbank-webhooks")
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setIdleTimeout((int) config.requestTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setForceSni(true)
                .setMaxRedirects(0)
                .setMaxPoolSize(50));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** As {@link #send(WebhookTargets.Target, Map, String, long)}, the whole request-timeout from now. */
    public CompletableFuture<Outcome> send(WebhookTargets.Target target, Map<String, String> headers, String body) {
        return send(target, headers, body, System.nanoTime());
    }

    /**
     * Sends, and answers by request-timeout after {@code started} (System.nanoTime()): the attempt began then, with
     * resolving the host, so its time-out counts the resolution too.
     */
    public CompletableFuture<Outcome> send(
            WebhookTargets.Target target, Map<String, String> headers, String body, long started) {
        long budget = config.requestTimeout().toMillis() - millisSince(started);
        if (budget <= 0) {
            return CompletableFuture.completedFuture(timedOut(started));
        }
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        AtomicReference<HttpClientRequest> inFlight = new AtomicReference<>();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(
                        target.port(), target.address().getHostAddress()))
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.https())
                .setURI(target.requestUri())
                .setConnectTimeout(Math.min(config.connectTimeout().toMillis(), budget))
                .setFollowRedirects(false);
        headers.forEach(options::addHeader);
        options.addHeader("Content-Type", "application/json");
        options.addHeader("User-Agent", "qbank-webhooks/1");
        client.request(options)
                .compose(request -> {
                    inFlight.set(request);
                    return request.send(Buffer.buffer(body));
                })
                // The body is drained, not kept: only the status and Retry-After matter.
                .compose(response -> response.handler(chunk -> {})
                        .end()
                        .map(done -> new Outcome(
                                response.statusCode(), response.getHeader("Retry-After"), null, millisSince(started))))
                .onComplete(result -> outcome.complete(
                        result.succeeded()
                                ? result.result()
                                : new Outcome(0, null, describe(result.cause()), millisSince(started))));
        // The whole exchange is bounded, however slowly a receiver trickles its answer.
        return outcome.completeOnTimeout(null, budget, TimeUnit.MILLISECONDS).thenApply(result -> {
            if (result != null) {
                return result;
            }
            HttpClientRequest request = inFlight.get();
            if (request != null) {
                request.reset();
            }
            return timedOut(started);
        });
    }

    private Outcome timedOut(long started) {
        return new Outcome(
                0, null, "timed out after " + config.requestTimeout().toMillis() + " ms", millisSince(started));
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        String kind = cause.getClass().getSimpleName();
        return message == null ? kind : kind + ": " + (message.length() > 300 ? message.substring(0, 300) : message);
    }
}
