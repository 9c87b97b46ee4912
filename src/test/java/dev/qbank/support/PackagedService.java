package dev.qbank.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One instance of the packaged service (target/quarkus-app/quarkus-run.jar) in its own process, on the embedded
 * default with its own data directory: what the integration tests (*IT, run by failsafe in {@code mvn verify}) drive.
 */
public final class PackagedService implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path dataDir;
    private final Path log;

    private PackagedService(String name, Process process, int port, int managementPort, Path dataDir, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.dataDir = dataDir;
        this.log = log;
    }

    /** Starts the jar with the given extra environment (QUARKUS_* and QBANK_* of the test JVM are not inherited). */
    public static PackagedService start(String name, Map<String, String> extraEnv) throws IOException {
        int port = freePort();
        int managementPort = freePort();
        Path dataDir = Files.createTempDirectory("qbank-it-" + name);
        Path logs = Path.of(System.getProperty("it.logs", "target/it-logs"));
        Files.createDirectories(logs);
        Path log = logs.resolve("instance-" + name + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path jar = Path.of(System.getProperty("it.app.jar", "target/quarkus-app/quarkus-run.jar"));
        // As README command 1 runs it: the JVM options of the argument file mvn package writes beside the jar.
        ProcessBuilder builder = new ProcessBuilder(java, "@" + jar.resolveSibling("jvm.args"), "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("QUARKUS_") || key.startsWith("QBANK_"));
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort)); // health and metrics
        env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        env.put("MALLOC_ARENA_MAX", "2");
        env.put("QBANK_DATA_DIR", dataDir.toString()); // its own embedded PostgreSQL
        env.putAll(extraEnv);
        return new PackagedService(name, builder.start(), port, managementPort, dataDir, log);
    }

    public String name() {
        return name;
    }

    public Process process() {
        return process;
    }

    public Path dataDirectory() {
        return dataDir;
    }

    public Path log() {
        return log;
    }

    /** The API's port, or the management interface's for health and metrics. */
    public URI uri(String path) {
        boolean management = path.startsWith("/q/health") || path.startsWith("/q/metrics");
        return URI.create("http://127.0.0.1:" + (management ? managementPort : port) + path);
    }

    /** The embedded PostgreSQL's port, from the fourth line of its postmaster.pid. */
    public int databasePort() throws IOException {
        return Integer.parseInt(
                Files.readAllLines(dataDir.resolve("postmaster.pid")).get(3).trim());
    }

    public boolean databaseRunning() {
        return Files.exists(dataDir.resolve("postmaster.pid"));
    }

    public void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), name + " exited; see " + log);
            try {
                if (get("/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError(name + " was not ready within " + STARTUP);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(uri(path))
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public static HttpClient http() {
        return HTTP;
    }

    /** Sends SIGTERM, the signal a container runtime or systemd sends first. */
    public void terminate() {
        process.destroy();
    }

    /** SIGTERM, then whatever is still alive after 30 s is killed; the data directory is deleted. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        delete(dataDir);
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
