package dev.qbank.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.qbank.support.Markdown;
import dev.qbank.support.PackagedService;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The examples of README.md and docs/ run as written, against the packaged service, and get the responses they
 * document (docs/development.md, "Examples that run").
 *
 * <p>Every {@code ```sh} block of the pages, in reading order, becomes one bash script ({@code set -eu}), run from a
 * directory that links the repository's docs/ and tools/, with {@code curl} wrapped so that each response's status and
 * headers are kept (curl's {@code -v} trace). A comment {@code # HTTP/1.1 201 Created}, with the {@code # Name: value}
 * lines after it, documents a response; the documented responses after some commands are compared, in order, with
 * the last responses those commands got ({@code ...} in a value stands for what varies), and every other response must
 * be below 400. The service answers on free ports: the examples' {@code http://localhost:8080},
 * {@code http://localhost:9000} and the webhook receiver's {@code http://127.0.0.1:8000} are replaced, in the commands
 * and in the documented responses alike.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DocExamplesIT {

    /** Reading order: README's tour sets QBANK and KEY; rate limiting spends the anonymous quota, so it comes last. */
    static final List<String> PAGES = List.of(
            "README.md",
            "docs/api.md",
            "docs/search-and-quizzes.md",
            "docs/graphql.md",
            "docs/scheduling.md",
            "docs/writes.md",
            "docs/sync.md",
            "docs/operations.md",
            "docs/rate-limiting.md");

    private static final String ADMIN_KEY = "doc-examples-admin-key-0123456789-abcdefghij";
    private static final Duration RUN_WITHIN = Duration.ofMinutes(5);
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Pattern STATUS = Pattern.compile("^#\\s+HTTP/1\\.[01] (\\d{3})\\b.*$");
    private static final Pattern HEADER = Pattern.compile("^#\\s+([A-Za-z][A-Za-z0-9-]*):\\s?(.*)$");

    /** What the test starts before each script: the harness that records curl's responses. */
    private static final String HARNESS = """
            set -eu
            __doc_segment() { echo "$1" > "$DOC_TRACES/segment"; }
            echo 0 > "$DOC_TRACES/count"
            echo 0 > "$DOC_TRACES/segment"
            # curl, with its -v trace kept (one file per call, numbered in call order, subshells included); what is
            # not trace (curl's own messages) still goes to stderr.
            curl() {
              local n status=0 trace
              n=$(( $(cat "$DOC_TRACES/count") + 1 ))
              echo "$n" > "$DOC_TRACES/count"
              trace=$(printf '%s/%04d.%06d' "$DOC_TRACES" "$(cat "$DOC_TRACES/segment")" "$n")
              command curl -v "$@" 2> "$trace" || status=$?
              grep -Ev '^[*<>{}]( |$)' "$trace" >&2 || true
              return $status
            }
            """;

    private static PackagedService service;
    private static String base;
    private static String management;
    private static int receiverPort;

    @BeforeAll
    static void startTheService() throws Exception {
        // The examples are shell for a reader's machine: bash, curl and python3 (the tour reads the key with it). The
        // suite itself needs only Java and Maven, so without them this test is skipped; in CI (CI set) it fails.
        List<String> missing = Stream.of("bash", "curl", "python3")
                .filter(tool -> !onPath(tool))
                .toList();
        if (!missing.isEmpty()) {
            assumeTrue(System.getenv("CI") == null, "the examples need " + missing + " on the PATH");
            throw new AssertionError("the examples need " + missing + " on the PATH in CI");
        }
        service = PackagedService.start(
                "docs", Map.of("QBANK_ADMIN_KEY", ADMIN_KEY, "QBANK_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true"));
        service.awaitReady();
        base = service.uri("").toString();
        management = service.uri("/q/health").toString().replaceFirst("/q/health$", "");
        receiverPort = freePort();
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, tool)));
    }

    @AfterAll
    static void stopTheService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    @Order(1)
    void everyPageWithRunnableExamplesIsRunInReadingOrder() throws IOException {
        for (Path page : DocLinksTest.pages()) {
            String name = ROOT.relativize(page).toString();
            boolean runnable = Markdown.codeBlocks(Files.readString(page)).stream()
                    .anyMatch(block -> block.info().equals("sh"));
            assertTrue(!runnable || PAGES.contains(name), name + " has ```sh examples: add it to PAGES");
        }
    }

    /** Each live example's {@code try}, as the API serves it, runs with the guide's QBANK and KEY. */
    @Test
    @Order(2)
    void everyLiveExampleTryCommandRuns() throws Exception {
        HttpResponse<String> signUp = PackagedService.http()
                .send(
                        HttpRequest.newBuilder(service.uri("/v1/users"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Live examples\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(201, signUp.statusCode(), signUp.body());
        String key = JsonPath.from(signUp.body()).getString("api_key.secret");
        List<String> failures = new ArrayList<>();
        for (int number = 1; number <= 10; number++) {
            String command =
                    JsonPath.from(service.get("/v1/questions/" + number).body()).getString("live_example.try");
            Run run = run("QBANK=" + base + "\nKEY=" + key + "\n__doc_segment 1\n" + command + "\n");
            List<Response> responses = run.responses().getOrDefault(1, List.of());
            if (run.exitCode() != 0 || responses.isEmpty() || responses.stream().anyMatch(r -> r.status() >= 500)) {
                failures.add("question " + number + ": " + command + "\n  exit " + run.exitCode() + ", responses "
                        + responses.stream().map(r -> r.status()).toList() + "\n"
                        + run.output().indent(4));
            }
        }
        assertEquals(List.of(), failures, String.join("\n", failures));
    }

    @Test
    @Order(3)
    void theExamplesRunInOrderAndGetTheResponsesTheyDocument() throws Exception {
        List<Segment> segments = new ArrayList<>();
        StringBuilder script = new StringBuilder();
        for (String page : PAGES) {
            String markdown = substitute(Files.readString(ROOT.resolve(page)));
            for (Markdown.CodeBlock block : Markdown.codeBlocks(markdown)) {
                if (block.info().equals("sh")) {
                    for (Segment segment : segments(page, block, segments.size() + 1)) {
                        segments.add(segment);
                        script.append("__doc_segment ").append(segment.number()).append('\n');
                        script.append(String.join("\n", segment.code())).append('\n');
                    }
                }
            }
        }
        Run run = run(script.toString());

        List<String> failures = new ArrayList<>();
        int last = run.lastSegment();
        for (Segment segment : segments) {
            if (segment.number() > last) {
                break;
            }
            List<Response> responses = run.responses().getOrDefault(segment.number(), List.of());
            boolean died = segment.number() == last && run.exitCode() != 0;
            failures.addAll(check(segment, responses, died));
        }
        if (run.exitCode() != 0 && failures.isEmpty()) {
            failures.add("the examples stopped in segment " + last + " with exit status " + run.exitCode());
        }
        if (!failures.isEmpty()) {
            fail(String.join("\n", failures) + "\n--- the session's output (last 60 lines):\n"
                    + tail(run.output(), 60));
        }
    }

    /** A run of commands: the documented responses that follow them, and where they are. */
    record Segment(int number, String page, int line, List<String> code, List<Documented> documented) {}

    record Documented(int status, int line, Map<String, String> headers) {}

    record Response(int status, Map<String, List<String>> headers) {}

    record Run(int exitCode, String output, int lastSegment, Map<Integer, List<Response>> responses) {}

    /** Splits a block after each group of documented responses. */
    private static List<Segment> segments(String page, Markdown.CodeBlock block, int firstNumber) {
        List<Segment> segments = new ArrayList<>();
        List<String> code = new ArrayList<>();
        List<Documented> documented = new ArrayList<>();
        Documented current = null;
        int start = block.firstLine();
        for (int i = 0; i < block.lines().size(); i++) {
            String line = block.lines().get(i);
            int lineNumber = block.firstLine() + i;
            Matcher status = STATUS.matcher(line);
            Matcher header = HEADER.matcher(line);
            if (status.matches()) {
                current = new Documented(Integer.parseInt(status.group(1)), lineNumber, new LinkedHashMap<>());
                documented.add(current);
                continue;
            }
            if (current != null && header.matches()) {
                current.headers().put(header.group(1), header.group(2).strip());
                continue;
            }
            current = null;
            if (!documented.isEmpty()) {
                segments.add(new Segment(firstNumber + segments.size(), page, start, code, documented));
                code = new ArrayList<>();
                documented = new ArrayList<>();
                start = lineNumber;
            }
            code.add(line);
        }
        if (!code.isEmpty() || !documented.isEmpty()) {
            segments.add(new Segment(firstNumber + segments.size(), page, start, code, documented));
        }
        return segments;
    }

    /** What is wrong with a segment's responses. */
    private static List<String> check(Segment segment, List<Response> responses, boolean died) {
        List<String> problems = new ArrayList<>();
        String where = segment.page() + ":" + segment.line() + ": ";
        if (died) {
            problems.add(where + "the example failed (the session stopped here)");
        }
        int documented = segment.documented().size();
        if (responses.size() < documented) {
            problems.add(where + "documents " + documented + " responses, got " + responses.size());
            return problems;
        }
        int undocumented = responses.size() - documented;
        for (int i = 0; i < undocumented; i++) {
            if (responses.get(i).status() >= 400) {
                problems.add(where + "a response that is not documented is "
                        + responses.get(i).status() + " (every other response must be below 400)");
            }
        }
        for (int i = 0; i < documented; i++) {
            Documented expected = segment.documented().get(i);
            Response actual = responses.get(undocumented + i);
            String at = segment.page() + ":" + expected.line() + ": ";
            if (actual.status() != expected.status()) {
                problems.add(at + "documents " + expected.status() + ", got " + actual.status());
            }
            for (Map.Entry<String, String> header : expected.headers().entrySet()) {
                List<String> values =
                        actual.headers().getOrDefault(header.getKey().toLowerCase(Locale.ROOT), List.of());
                Pattern pattern = valuePattern(header.getValue());
                if (values.stream().noneMatch(v -> pattern.matcher(v).matches())) {
                    problems.add(at + "documents " + header.getKey() + ": " + header.getValue() + ", got "
                            + (values.isEmpty() ? "no such header" : values));
                }
            }
        }
        return problems;
    }

    /** A documented value, "..." standing for anything. */
    private static Pattern valuePattern(String value) {
        return Pattern.compile(
                Stream.of(value.split("\\.\\.\\.", -1)).map(Pattern::quote).collect(Collectors.joining(".*")));
    }

    /** The examples' addresses, made this service's. */
    private static String substitute(String markdown) {
        return markdown.replace("http://localhost:8080", base)
                .replace("http://localhost:9000", management)
                .replace("http://127.0.0.1:8000", "http://127.0.0.1:" + receiverPort);
    }

    /** Runs a script after the harness, from a directory that links docs/ and tools/; reads what curl got. */
    private static Run run(String script) throws Exception {
        Path work = Files.createTempDirectory("qbank-doc-examples");
        Path traces = Files.createDirectory(work.resolve(".traces"));
        Files.createSymbolicLink(work.resolve("docs"), ROOT.resolve("docs"));
        Files.createSymbolicLink(work.resolve("tools"), ROOT.resolve("tools"));
        Path file = traces.resolve("examples.sh");
        Files.writeString(file, HARNESS + script);
        Path output = traces.resolve("output.log");
        ProcessBuilder builder = new ProcessBuilder("bash", "--noprofile", "--norc", file.toString())
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("QBANK") || name.startsWith("QUARKUS") || name.equals("KEY"));
        env.put("DOC_TRACES", traces.toString());
        env.put("QBANK_ADMIN_KEY", ADMIN_KEY); // as a reader exports it for docs/writes.md
        Process bash = builder.start();
        try {
            if (!bash.waitFor(RUN_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
                fail("the examples did not finish within " + RUN_WITHIN + ":\n" + tail(Files.readString(output), 60));
            }
            return new Run(
                    bash.exitValue(),
                    Files.readString(output),
                    Integer.parseInt(Files.readString(traces.resolve("segment")).strip()),
                    responses(traces));
        } finally {
            bash.descendants().forEach(ProcessHandle::destroy); // a webhook receiver left running
            bash.destroyForcibly();
            delete(work);
        }
    }

    /** The responses in curl's traces (the last of each call, 1xx left out), by segment, in call order. */
    private static Map<Integer, List<Response>> responses(Path traces) throws IOException {
        Map<Integer, List<Response>> bySegment = new HashMap<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(traces)) {
            files = list.filter(p -> p.getFileName().toString().matches("\\d{4}\\.\\d{6}"))
                    .sorted()
                    .toList();
        }
        for (Path file : files) {
            int segment = Integer.parseInt(file.getFileName().toString().substring(0, 4));
            List<Response> responses = bySegment.computeIfAbsent(segment, s -> new ArrayList<>());
            Map<String, List<String>> headers = null;
            int status = 0;
            for (String line : Files.readAllLines(file)) {
                if (!line.startsWith("< ")) {
                    continue;
                }
                String content = line.substring(2).strip();
                Matcher statusLine = Pattern.compile("^HTTP/[\\d.]+ (\\d{3}).*").matcher(content);
                if (statusLine.matches()) {
                    if (headers != null && status >= 200) {
                        responses.add(new Response(status, headers));
                    }
                    status = Integer.parseInt(statusLine.group(1));
                    headers = new HashMap<>();
                } else if (headers != null && content.contains(":")) {
                    int colon = content.indexOf(':');
                    headers.computeIfAbsent(
                                    content.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                                    h -> new ArrayList<>())
                            .add(content.substring(colon + 1).strip());
                }
            }
            if (headers != null && status >= 200) {
                responses.add(new Response(status, headers));
            }
        }
        return bySegment;
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
