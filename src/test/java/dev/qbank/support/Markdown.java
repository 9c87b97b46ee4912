package dev.qbank.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of GitHub's Markdown for the documentation tests: fenced code blocks, the anchors GitHub gives headings,
 * and the links of the prose (never those inside code).
 */
public final class Markdown {

    private static final Pattern FENCE = Pattern.compile("^(\\s*)(`{3,}|~{3,})\\s*([^`\\s]*)[^`]*$");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})[ \\t]+(.*?)(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");
    private static final Pattern CODE_SPAN = Pattern.compile("(?<!`)(`+)(?!`)(.+?)(?<!`)\\1(?!`)");
    private static final Pattern INLINE_LINK =
            Pattern.compile("!?\\[((?:[^\\[\\]]|\\[[^\\]]*\\])*)\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern LINK_DEFINITION = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s.*)?$");

    private Markdown() {}

    /** A fenced code block: its info string's first word ({@code sh}, {@code json}, ...), first line and lines. */
    public record CodeBlock(String info, int firstLine, List<String> lines) {}

    /** A link of the prose and the line it is on. */
    public record Link(String target, int line) {}

    /** The fenced code blocks, each line without the indentation of its fence (a block inside a list item). */
    public static List<CodeBlock> codeBlocks(String markdown) {
        List<CodeBlock> blocks = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher open = FENCE.matcher(lines[i]);
            if (!open.matches()) {
                continue;
            }
            String indent = open.group(1);
            String fence = open.group(2);
            List<String> content = new ArrayList<>();
            int first = i + 2;
            for (i++; i < lines.length && !closes(lines[i], fence); i++) {
                String line = lines[i];
                content.add(line.startsWith(indent) ? line.substring(indent.length()) : line.stripLeading());
            }
            blocks.add(new CodeBlock(open.group(3), first, content));
        }
        return blocks;
    }

    /**
     * The anchors GitHub gives this document's headings (github-slugger: lower case; punctuation, symbols and other
     * marks dropped; each space a hyphen; a repeated slug numbered -1, -2, ...), and those of {@code <a name|id>}.
     */
    public static Set<String> anchors(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> occurrences = new HashMap<>();
        for (String line : prose(markdown)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = slug(text(heading.group(2)));
                String result = slug;
                while (occurrences.containsKey(result)) {
                    occurrences.merge(slug, 1, Integer::sum);
                    result = slug + "-" + occurrences.get(slug);
                }
                occurrences.put(result, 0);
                anchors.add(result);
            }
            Matcher html = HTML_ANCHOR.matcher(line);
            while (html.find()) {
                anchors.add(html.group(1));
            }
        }
        return anchors;
    }

    /** GitHub's slug of a heading's text. */
    public static String slug(String text) {
        StringBuilder slug = new StringBuilder();
        text.toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (c == ' ' || c == '-') {
                slug.append('-');
            } else if (kept(c)) {
                slug.appendCodePoint(c);
            }
        });
        return slug.toString();
    }

    /** The targets of the inline links, images and link definitions outside code. */
    public static List<Link> links(String markdown) {
        List<Link> links = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        boolean inFence = false;
        String fence = null;
        for (int i = 0; i < lines.length; i++) {
            if (inFence) {
                inFence = !closes(lines[i], fence);
                continue;
            }
            Matcher open = FENCE.matcher(lines[i]);
            if (open.matches()) {
                inFence = true;
                fence = open.group(2);
                continue;
            }
            String line = CODE_SPAN.matcher(lines[i]).replaceAll(" ");
            Matcher link = INLINE_LINK.matcher(line);
            while (link.find()) {
                links.add(new Link(link.group(2), i + 1));
            }
            Matcher definition = LINK_DEFINITION.matcher(line);
            if (definition.matches()) {
                links.add(new Link(definition.group(1), i + 1));
            }
        }
        return links;
    }

    /** The lines outside fenced code blocks. */
    private static List<String> prose(String markdown) {
        List<String> prose = new ArrayList<>();
        boolean inFence = false;
        String fence = null;
        for (String line : markdown.split("\n", -1)) {
            if (inFence) {
                inFence = !closes(line, fence);
            } else {
                Matcher open = FENCE.matcher(line);
                if (open.matches()) {
                    inFence = true;
                    fence = open.group(2);
                } else {
                    prose.add(line);
                }
            }
        }
        return prose;
    }

    /** A heading's text as rendered: code spans, links and emphasis reduced to their words. */
    private static String text(String heading) {
        String text = INLINE_LINK.matcher(heading).replaceAll("$1");
        text = CODE_SPAN.matcher(text).replaceAll("$2");
        return text.replaceAll("<[^>]+>", "").replace("*", "").replace("\\", "");
    }

    private static boolean closes(String line, String fence) {
        String stripped = line.strip();
        return stripped.length() >= fence.length() && stripped.chars().allMatch(c -> c == fence.charAt(0));
    }

    /** What github-slugger keeps: letters, digits, marks, connector punctuation (_); the rest goes. */
    private static boolean kept(int c) {
        if (Character.isAlphabetic(c)) {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER,
                    Character.NON_SPACING_MARK,
                    Character.COMBINING_SPACING_MARK,
                    Character.ENCLOSING_MARK,
                    Character.CONNECTOR_PUNCTUATION -> true;
            default -> false;
        };
    }
}
