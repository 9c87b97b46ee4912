package dev.qbank.question;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qbank.api.media.Downloads;
import dev.qbank.csv.Csv;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.ArrayList;
import java.util.List;

/** Writes the bank, batch by batch, as JSON, CSV or an Anki text-import file. */
final class QuestionExport {

    static final int BATCH = 200;
    /** The CSV columns; POST /v1/imports reads this file back (it ignores number: numbers are the bank's to give). */
    static final List<String> CSV_COLUMNS = List.of("number", "category", "text", "tags", "difficulty", "notes");

    private QuestionExport() {}

    static StreamingOutput stream(
            QuestionService questions, QuestionFilter filter, Downloads.Format format, ObjectMapper mapper) {
        return Downloads.rows(
                format,
                mapper,
                BATCH,
                (QuestionView last) -> questions.exportBatch(filter, last == null ? 0 : last.number(), BATCH),
                question -> question,
                format == Downloads.Format.ANKI ? ANKI_HEADER : Csv.record(CSV_COLUMNS),
                question -> format == Downloads.Format.ANKI
                        ? ankiNote(question)
                        : Csv.record(List.of(
                                Integer.toString(question.number()),
                                question.category(),
                                question.text(),
                                String.join(" ", question.tags()),
                                question.difficulty(),
                                question.notes() == null ? "" : question.notes())));
    }

    /**
     * Anki's file headers (Anki 2.1.55+, "Importing > Text files"): the separator, plain text (no HTML), the note type and
     * deck to import into, which column holds the tags, and a GUID column so that importing a newer export updates the
     * notes instead of duplicating them.
     */
    private static final String ANKI_HEADER = "#separator:tab\n#html:false\n#notetype:Basic\n#deck:qbank\n"
            + "#columns:Front\tBack\tTags\tGUID\n#tags column:3\n#guid column:4\n";

    /** Front = the question, back = its notes, tags = its tags and qbank::category, guid = qbank-q{number}. */
    static String ankiNote(QuestionView question) {
        List<String> tags = new ArrayList<>(question.tags());
        tags.add("qbank::" + question.category());
        return ankiField(question.text()) + "\t" + ankiField(question.notes() == null ? "" : question.notes()) + "\t"
                + String.join(" ", tags) + "\t" + "qbank-q" + question.number() + "\n";
    }

    /** A field holding a tab, a line break or a double quote is quoted, its quotes doubled (Anki reads it as CSV does). */
    static String ankiField(String value) {
        if (value.indexOf('\t') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0 && value.indexOf('"') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
