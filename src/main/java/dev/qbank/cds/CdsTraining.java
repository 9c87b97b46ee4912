package dev.qbank.cds;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The training run behind the class-data-sharing archive ({@code target/quarkus-app/qbank.jsa}) that the run command's
 * {@code -XX:SharedArchiveFile} (in {@code jvm.args}) maps: {@code mvn package} runs it after Quarkus has built the
 * application (exec-maven-plugin), and the Dockerfile runs it in the image that will run the service.
 *
 * <p>It starts the packaged service as the run command does, on the embedded default in a throw-away data directory,
 * with {@code -XX:ArchiveClassesAtExit}; waits for readiness; sends the requests a client's first minute sends
 * (pages, a conditional GET, errors, sign-up, an attempt, history, progress, the review queue, GraphQL); and stops it
 * with SIGTERM, at which the JVM writes every class it loaded into the archive. The next start maps those classes
 * instead of loading, verifying and linking them again: ready about 1.5 s sooner on 2 cores (bench/results-notes.md).
 *
 * <p>An archive only applies to the JVM build and the jar files it was written with; the JVM ignores one that does not
 * match (or is missing) and starts without it, so a stale archive costs start-up time, never correctness. For the same
 * reason a training run that cannot write the archive does not fail the build (it warns); a service that does not
 * start, answers a request wrongly or does not stop on SIGTERM does: exit status 1.
 *
 * <p>The service runs with the run command's own options, read from {@code quarkus-app/jvm.args} (the argument file
 * {@code mvn package} writes from src/main/jvm/jvm.args): the same heap and collector load the same classes. Only its
 * {@code -XX:SharedArchiveFile} is left out, since this run writes that archive rather than reading it.
 *
 * <p>Plain JDK only (no Quarkus, no CDI): it is run with {@code java -cp <classes> dev.qbank.cds.CdsTraining <dir>},
 * the quarkus-app directory as its one argument.
 */
public final class CdsTraining {

    /**
     * A cold start (initdb, every migration) normally takes seconds, but `mvn package` also runs on machines that
     * other builds saturate: at a load average of 38 on 2 cores it took over 120 s, and the package failed. Writing
     * the archive at exit took more than 60 s there too.
     */
    private static final Duration READY_WITHIN = Duration.ofSeconds(300);

    private static final Duration EXIT_WITHIN = Duration.ofSeconds(180);
    /** The run command's JVM options, beside quarkus-run.jar. */
    private static final String JVM_ARGS = "jvm.args";

    private static final String SHARED_ARCHIVE = "-XX:SharedArchiveFile=";

    private CdsTraining() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: CdsTraining <quarkus-app dir>   (it reads <dir>/" + JVM_ARGS + ")");
            System.exit(2);
        }
        Path app = Path.of(args[0]).toAbsolutePath().normalize();
        List<String> jvmOptions = new ArrayList<>();
        Path archive = null;
        for (String option : argumentFile(app.resolve(JVM_ARGS))) {
            if (option.startsWith(SHARED_ARCHIVE)) {
                archive = Path.of(option.substring(SHARED_ARCHIVE.length()))
                        .toAbsolutePath()
                        .normalize();
            } else {
                jvmOptions.add(option);
            }
        }
        if (archive == null) {
            System.err.println("CDS training: " + app.resolve(JVM_ARGS) + " names no " + SHARED_ARCHIVE + "<archive>");
            System.exit(2);
        }
        long started = System.nanoTime();
        Files.deleteIfExists(archive);
        // Written under another name and renamed when complete: a half-written archive never sits where the run
        // command looks (the JVM would reject it, but silently).
        Path written = archive.resolveSibling(archive.getFileName() + ".tmp");
        Files.deleteIfExists(written);
        Outcome outcome = train(
                app,
                jvmOptions,
                List.of(
                        "-XX:ArchiveClassesAtExit=" + written,
                        "-Xlog:cds=error,cds+dynamic=error")); // not a warning per class it cannot archive
        if (outcome.jvmRefusedTheOptions()) {
            // A JVM without dynamic archiving (another vendor, a build without CDS): not a defect of the service. It
            // must still start and serve, so the same run is repeated without the archive.
            System.err.println("CDS training: this JVM does not take -XX:ArchiveClassesAtExit (" + outcome.reason()
                    + "); checking the service without it");
            outcome = train(app, jvmOptions, List.of());
        }
        if (outcome.failure() != null) {
            Files.deleteIfExists(written);
            System.err.println("CDS training failed: the service itself failed: " + outcome.failure()
                    + "\n--- the service's log (" + outcome.log() + "):");
            System.err.println(outcome.logTail());
            System.exit(1);
        }
        if (!Files.isRegularFile(written)) {
            // The service started, served the first session and stopped: only the archive is missing (a full disk, a
            // JVM that could not dump it). The service starts without it, ~1.5 s slower; that is no reason to fail.
            System.err.printf(
                    "WARNING: CDS training wrote no class-data-sharing archive (%s); the package is complete"
                            + " and the service starts without it, only slower. JVM output about CDS:%n%s%n",
                    outcome.reason() == null ? "no reason given" : outcome.reason(), outcome.cdsLines());
            deleteTree(outcome.work());
            return;
        }
        Files.move(written, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(outcome.work());
        System.out.printf(
                "CDS archive %s: %,d bytes, trained in %.1f s%n",
                app.relativize(archive), Files.size(archive), (System.nanoTime() - started) / 1e9);
    }

    /**
     * What one training run showed: {@code failure} is a defect of the service (it did not start, a request answered
     * the wrong status, it did not stop); {@code jvmRefusedTheOptions} means the JVM would not start with the CDS
     * options at all.
     */
    private record Outcome(Path work, Path log, String failure, boolean jvmRefusedTheOptions, String reason) {
        String logTail() {
            return tail(log);
        }

        String cdsLines() {
            try {
                List<String> lines = Files.readAllLines(log).stream()
                        .filter(line -> line.toLowerCase(java.util.Locale.ROOT).contains("cds")
                                || line.contains("ArchiveClassesAtExit")
                                || line.contains("shared archive"))
                        .toList();
                return lines.isEmpty()
                        ? "(none)"
                        : String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
            } catch (IOException e) {
                return "(log unreadable: " + e.getMessage() + ")";
            }
        }
    }

    /** Starts the packaged service with the run command's options plus {@code cdsOptions}, exercises it, stops it. */
    private static Outcome train(Path app, List<String> jvmOptions, List<String> cdsOptions)
            throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("qbank-cds-training");
        int port = freePort();
        int managementPort = freePort();
        Path log = work.resolve("service.log");

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(cdsOptions);
        command.add("-Dqbank.data-dir=" + work.resolve("data"));
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.management.port=" + managementPort); // health: the management interface
        command.add("-Dquarkus.management.host=127.0.0.1");
        command.add("-Dquarkus.shutdown.delay=0S"); // no readiness grace period: nothing routes traffic here
        command.add("-jar");
        // An absolute path: the archive records the class path as it was given, and the JVM accepts the same file
        // named relatively later (target/quarkus-app/quarkus-run.jar from the project), not a different relative name.
        command.add(app.resolve("quarkus-run.jar").toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // Always the embedded default: never train against (or write to) a database configured in this environment.
        builder.environment()
                .keySet()
                .removeIf(name -> name.startsWith("QUARKUS_DATASOURCE") || name.startsWith("QBANK_"));
        Process service = builder.start();
        // If the build is interrupted, stop the service gracefully too: killed, it would leave its PostgreSQL running
        // (it daemonizes) on a directory nobody reuses.
        Thread stopOnInterrupt = new Thread(() -> stop(service), "cds-training-stop");
        Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
        try {
            exercise(service, "http://127.0.0.1:" + port, "http://127.0.0.1:" + managementPort);
            service.destroy(); // SIGTERM: a graceful stop, after which the JVM writes the archive
            if (!service.waitFor(EXIT_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
                stop(service);
                return new Outcome(
                        work, log, "it did not stop within " + EXIT_WITHIN.toSeconds() + " s of SIGTERM", false, null);
            }
            return new Outcome(work, log, null, false, null);
        } catch (Exception | AssertionError e) {
            stop(service);
            String output = tail(log);
            if (!cdsOptions.isEmpty() && output.contains("Could not create the Java Virtual Machine")) {
                return new Outcome(work, log, null, true, firstLine(output));
            }
            return new Outcome(work, log, e.getMessage(), false, null);
        } finally {
            Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
        }
    }

    /**
     * The options of a java launcher argument file, as the launcher (JDK 17) reads them: separated by whitespace,
     * {@code #} to the end of the line a comment, quotes around an option that holds a space.
     */
    static List<String> argumentFile(Path file) throws IOException {
        List<String> options = new ArrayList<>();
        StringBuilder option = new StringBuilder();
        boolean started = false;
        char quote = 0;
        String text = Files.readString(file);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    option.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                started = true;
            } else if (c == '#') { // the rest of the line, and the option it interrupts, as the launcher drops them
                option.setLength(0);
                started = false;
                while (i + 1 < text.length() && text.charAt(i + 1) != '\n') {
                    i++;
                }
            } else if (Character.isWhitespace(c)) {
                if (started) {
                    options.add(option.toString());
                    option.setLength(0);
                    started = false;
                }
            } else {
                option.append(c);
                started = true;
            }
        }
        if (started) {
            options.add(option.toString());
        }
        return options;
    }

    private static String firstLine(String output) {
        return output.lines()
                .filter(line -> !line.startsWith("Picked up"))
                .findFirst()
                .orElse(output)
                .trim();
    }

    /** SIGTERM, so that the service stops its PostgreSQL; SIGKILL only if it has not exited within a minute. */
    private static void stop(Process service) {
        service.destroy();
        try {
            if (!service.waitFor(EXIT_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            service.destroyForcibly();
        }
    }

    /** The requests of a client's first minute, each checked for the status it must have. */
    private static void exercise(Process service, String base, String management) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (true) {
            if (!service.isAlive()) {
                throw new IllegalStateException("the service exited with status " + service.exitValue());
            }
            try {
                if (send(http, get(management + "/q/health/ready").build()).statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the service was not ready within " + READY_WITHIN.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
        HttpResponse<String> page = expect(http, get(base + "/v1/questions?limit=20"), 200);
        String etag = page.headers().firstValue("ETag").orElseThrow();
        expect(http, get(base + "/v1/questions?limit=20").header("If-None-Match", etag), 304);
        String next = find(page.body(), "\"next_cursor\":\"([^\"]+)\"");
        expect(http, get(base + "/v1/questions?limit=20&cursor=" + next), 200);
        expect(http, get(base + "/v1/questions?category=caching&difficulty=senior&limit=5"), 200);
        expect(http, get(base + "/v1/questions/1"), 200);
        expect(http, get(base + "/v1/categories"), 200);
        expect(http, get(base + "/v1"), 200);
        expect(http, get(base + "/v1/questions/9999"), 404);
        expect(http, get(base + "/v1/questions?limit=0"), 400);
        expect(http, get(management + "/q/health/live"), 200);
        expect(http, get(management + "/q/metrics"), 200);

        String user = expect(http, post(base + "/v1/users", null, "{\"name\":\"cds training\"}"), 201)
                .body();
        String key = find(user, "\"secret\":\"([^\"]+)\"");
        for (int i = 1; i <= 3; i++) {
            String attempt = "{\"question\":" + i + ",\"answer\":\"An idempotent retry returns the first response.\","
                    + "\"rating\":\"good\",\"duration_ms\":30000}";
            HttpRequest.Builder recorded =
                    post(base + "/v1/attempts", key, attempt).header("Idempotency-Key", "\"cds-training-" + i + "\"");
            expect(http, recorded, 201);
            expect(http, recorded, 201); // the replay
        }
        expect(http, get(base + "/v1/attempts?limit=20").header("Authorization", "Bearer " + key), 200);
        expect(http, get(base + "/v1/users/me").header("Authorization", "Bearer " + key), 200);
        expect(http, get(base + "/v1/users/me/progress").header("Authorization", "Bearer " + key), 200);
        expect(http, get(base + "/v1/users/me/due").header("Authorization", "Bearer " + key), 200);
        expect(http, post(base + "/v1/attempts", key, "{\"question\":1}"), 400);
        expect(http, get(base + "/v1/attempts").header("Authorization", "Bearer not-a-key"), 401);
        expect(
                http,
                post(
                        base + "/graphql",
                        key,
                        "{\"query\":\"{ questions(first: 5) { edges { node { number title } } } }\"}"),
                200);
    }

    private static HttpRequest.Builder get(String uri) {
        return HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30));
    }

    private static HttpRequest.Builder post(String uri, String key, String json) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(uri))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        return key == null ? builder : builder.header("Authorization", "Bearer " + key);
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request)
            throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> expect(HttpClient http, HttpRequest.Builder builder, int status)
            throws Exception {
        HttpRequest request = builder.build();
        HttpResponse<String> response = send(http, request);
        if (response.statusCode() != status) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                    + response.statusCode() + ", expected " + status + ": " + response.body());
        }
        return response;
    }

    private static String find(String body, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(body);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + regex + " in " + body);
        }
        return matcher.group(1);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
