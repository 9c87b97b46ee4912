package dev.qbank.changes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qbank.support.PackagedService;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the packaged service on one PostgreSQL, writing to the bank at once, while a client syncs from both
 * alternately, following its token: what it collected, change by change, is exactly the feed read afterwards in one
 * go: no change missed (a change that committed after a later-numbered one would be), none twice, in sequence order.
 * Runs in {@code mvn verify} on target/quarkus-app.
 */
class ChangeFeedTwoInstancesIT {

    private static final String ADMIN = "it-admin-key-0123456789-abcdefghijklmnopqrstuvwxyz";
    private static final int WRITERS_PER_INSTANCE = 3;
    private static final int WRITES_PER_WRITER = 12;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<PackagedService> INSTANCES = new ArrayList<>();

    @BeforeAll
    static void startTwoInstancesOnOneDatabase() throws Exception {
        Map<String, String> env = Map.of("QBANK_ADMIN_KEY", ADMIN, "QBANK_RATE_LIMIT_ENABLED", "false");
        PackagedService a = PackagedService.start("feed-a", env);
        INSTANCES.add(a);
        a.awaitReady();
        Map<String, String> onA = new java.util.HashMap<>(env);
        onA.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + a.databasePort() + "/postgres");
        onA.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        PackagedService b = PackagedService.start("feed-b", onA);
        INSTANCES.add(b);
        b.awaitReady();
    }

    @AfterAll
    static void stopBoth() {
        // b first: it uses a's database.
        for (int i = INSTANCES.size() - 1; i >= 0; i--) {
            INSTANCES.get(i).close();
        }
    }

    @Test
    void aClientSyncingFromBothInstancesWhileBothWriteMissesNothingAndSeesNothingTwice() throws Exception {
        PackagedService a = INSTANCES.get(0);
        PackagedService b = INSTANCES.get(1);
        String start = readAll(a, null).token();
        send(
                a,
                "POST",
                "/v1/categories",
                "{\"slug\":\"two-instances\",\"name\":\"Two instances\",\"description\":\"IT\"}");
        Set<Integer> created = ConcurrentHashMap.newKeySet();

        // True until the writers are done and every instance's public cache (1 s) has had time to let their last
        // change through; the client then stops at its first read that finds nothing new.
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Long> collected = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(2 * WRITERS_PER_INSTANCE + 1);
        // The client: syncs from a, then b, then a..., each time from the token the previous read gave.
        Future<Integer> client = pool.submit(() -> {
            String token = start;
            int reads = 0;
            while (true) {
                boolean last = !writing.get();
                Read read = readAll(INSTANCES.get(reads++ % 2), token);
                read.sequences().forEach(collected::add);
                token = read.token();
                if (last && read.sequences().isEmpty()) {
                    return reads;
                }
            }
        });
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> writers = new ArrayList<>();
        for (PackagedService instance : INSTANCES) {
            for (int w = 0; w < WRITERS_PER_INSTANCE; w++) {
                String writer = instance.name() + "-" + w;
                writers.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < WRITES_PER_WRITER; i++) {
                        // Creations (serialized per number by the database) and updates of the seeded questions at
                        // once: transactions of different lengths commit in another order than they started.
                        if (i % 2 == 0) {
                            JsonNode question = send(
                                    instance,
                                    "POST",
                                    "/v1/questions",
                                    "{\"category\":\"two-instances\",\"difficulty\":\"mid\",\"text\":\"Written by "
                                            + writer + ", write " + i + "\"}");
                            created.add(question.get("number").asInt());
                        } else {
                            send(
                                    instance,
                                    "PATCH",
                                    "/v1/questions/" + (1 + (i + writer.hashCode() & 0x7fff) % 40),
                                    "{\"notes\":\"Touched by " + writer + ", write " + i + "\"}");
                        }
                    }
                    return null;
                }));
            }
        }
        go.countDown();
        for (Future<?> writer : writers) {
            writer.get();
        }
        Thread.sleep(2_000);
        writing.set(false);
        int reads = client.get();
        pool.shutdown();

        List<Long> all = readAll(b, start).sequences();
        assertEquals(all, collected, "what the client collected over " + reads + " reads is the feed, in order");
        assertEquals(new TreeSet<>(all).size(), all.size(), "no change twice");
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i) > all.get(i - 1), "sequences increase");
        }
        List<JsonNode> changes = readAllChanges(a, start);
        long questionCreations = changes.stream()
                .filter(c -> c.get("type").asText().equals("question.created"))
                .count();
        assertEquals(created.size(), questionCreations);
        assertEquals(2 * WRITERS_PER_INSTANCE * WRITES_PER_WRITER / 2, created.size());
        // Each creation also changes the category's question count (one category.updated per transaction); the
        // updates that changed nothing are not changes.
        long categoryUpdates = changes.stream()
                .filter(c -> c.get("type").asText().equals("category.updated"))
                .count();
        assertEquals(created.size(), categoryUpdates);
        assertTrue(reads > 2, "the client read while the instances wrote: " + reads + " reads");
    }

    record Read(List<Long> sequences, List<JsonNode> changes, String token) {}

    private static Read readAll(PackagedService instance, String since) throws Exception {
        List<Long> sequences = new ArrayList<>();
        List<JsonNode> changes = new ArrayList<>();
        String cursor = null;
        while (true) {
            StringBuilder path = new StringBuilder("/v1/changes?limit=100");
            if (since != null) {
                path.append("&since=").append(URLEncoder.encode(since, StandardCharsets.UTF_8));
            }
            if (cursor != null) {
                path.append("&cursor=").append(URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            }
            HttpResponse<String> response = instance.get(path.toString());
            assertEquals(200, response.statusCode(), instance.name() + ": " + response.body());
            JsonNode page = JSON.readTree(response.body());
            for (JsonNode change : page.get("data")) {
                sequences.add(change.get("sequence").asLong());
                changes.add(change);
            }
            if (!page.get("page").get("has_more").asBoolean()) {
                return new Read(sequences, changes, page.get("sync_token").asText());
            }
            cursor = page.get("page").get("next_cursor").asText();
        }
    }

    private static List<JsonNode> readAllChanges(PackagedService instance, String since) throws Exception {
        return readAll(instance, since).changes();
    }

    private static JsonNode send(PackagedService instance, String method, String path, String body) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(instance.uri(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + ADMIN)
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (method.equals("PATCH")) {
            builder.header("Content-Type", "application/merge-patch+json").header("If-Match", "*");
        } else {
            builder.header("Content-Type", "application/json");
        }
        HttpRequest request = builder.build();
        HttpResponse<String> response = PackagedService.http().send(request, HttpResponse.BodyHandlers.ofString());
        assertTrue(
                response.statusCode() == 200 || response.statusCode() == 201,
                instance.name() + " " + method + " " + path + ": " + response.statusCode() + " " + response.body());
        return JSON.readTree(response.body());
    }
}
