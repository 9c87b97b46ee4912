package dev.qbank.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qbank.support.Markdown;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of README.md and docs/*.md leads somewhere: to a file or folder of the repository and, when it
 * names an {@code #anchor} of a Markdown page, to a heading of that page (GitHub's anchors). Links to other sites are
 * not followed: the test suite needs no network.
 */
class DocLinksTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    @Test
    void everyRelativeLinkAndAnchorOfTheDocumentationExists() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            String markdown = Files.readString(page);
            for (Markdown.Link link : Markdown.links(markdown)) {
                String problem = problem(page, link.target());
                if (problem != null) {
                    broken.add(ROOT.relativize(page) + ":" + link.line() + ": " + link.target() + ": " + problem);
                }
            }
        }
        assertEquals(List.of(), broken, "broken links:\n" + String.join("\n", broken));
    }

    @Test
    void theReadmeFitsOnAScreenAndLinksEveryPageOfTheManual() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        long lines = readme.lines().count();
        assertTrue(lines <= 250, "README.md has " + lines + " lines; the manual belongs in docs/");
        Set<String> linked = Markdown.links(readme).stream()
                .map(Markdown.Link::target)
                .map(target -> target.replaceFirst("#.*", ""))
                .collect(java.util.stream.Collectors.toSet());
        for (Path page : pages()) {
            String name = ROOT.relativize(page).toString();
            assertTrue(name.equals("README.md") || linked.contains(name), "README.md does not link " + name);
        }
    }

    @Test
    void anchorsAreGitHubs() {
        assertEquals("rest-or-graphql-question-1", Markdown.slug("REST or GraphQL? (question 1)"));
        assertEquals("qbank--the-question-bank-api", Markdown.slug("qbank — the question bank API"));
        assertEquals("full-text-search-get-v1questionsq", Markdown.slug("Full-text search: GET /v1/questions?q=..."));
        assertEquals("live_example-and-café", Markdown.slug("live_example and Café"));
        assertEquals(
                List.of("a-section", "a-section-1", "a-section-2", "code-spans"),
                List.copyOf(Markdown.anchors(
                        "# A section\n## A section\n```sh\n# not a heading\n```\n### A section\n## `code` *spans*\n")));
    }

    /** What is wrong with a link from {@code page}, or null. */
    private static String problem(Path page, String target) {
        if (target.isEmpty() || SCHEME.matcher(target).find() || target.startsWith("//")) {
            return null; // another site, mail: not ours to check
        }
        int hash = target.indexOf('#');
        String path = URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
        String anchor = hash < 0 ? null : URLDecoder.decode(target.substring(hash + 1), StandardCharsets.UTF_8);
        Path file = path.isEmpty() ? page : page.getParent().resolve(path).normalize();
        if (!file.startsWith(ROOT)) {
            return "outside the repository";
        }
        if (!Files.exists(file)) {
            return "no such file";
        }
        if (anchor == null || !file.toString().endsWith(".md")) {
            return null; // GitHub's #L12 line anchors of source files are not checked
        }
        try {
            return Markdown.anchors(Files.readString(file)).contains(anchor)
                    ? null
                    : "no heading of " + ROOT.relativize(file) + " has this anchor";
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    /** README.md and every Markdown page of docs/. */
    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }
}
