package dev.qbank.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

/**
 * A real HTTP webhook receiver for the tests, on 127.0.0.1 and a free port. It records every request and answers as
 * its {@link #answer} function says for the n-th request (1-based).
 */
public final class WebhookReceiver implements AutoCloseable {

    /** What the receiver answers: a status, extra headers, and how long to wait first. */
    public record Reply(int status, Map<String, String> headers, long delayMillis) {
        public static Reply status(int status) {
            return new Reply(status, Map.of(), 0);
        }

        public static Reply slow(int status, long delayMillis) {
            return new Reply(status, Map.of(), delayMillis);
        }
    }

    /** One request as received; header names in lower case. */
    public record Received(Map<String, String> headers, String body, Instant at) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile IntFunction<Reply> answer;

    public WebhookReceiver(IntFunction<Reply> answer) throws IOException {
        this.answer = answer;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", exchange -> {
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders()
                    .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int n;
            synchronized (received) {
                received.add(new Received(headers, body, Instant.now()));
                n = received.size();
            }
            Reply reply = this.answer.apply(n);
            if (reply.delayMillis() > 0) {
                try {
                    Thread.sleep(reply.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            reply.headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(reply.status(), -1);
            exchange.close();
        });
        server.start();
    }

    public static WebhookReceiver answering(int status) throws IOException {
        return new WebhookReceiver(n -> Reply.status(status));
    }

    public void answer(IntFunction<Reply> answer) {
        this.answer = answer;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/qbank?source=test";
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    public int count() {
        return received.size();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
