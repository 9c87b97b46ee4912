package dev.qbank.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qbank.api.media.MergePatch;
import dev.qbank.csv.Csv;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4180 writing and reading, and RFC 7396 merge patches (the RFC's own examples). */
class CsvAndMergePatchTest {

    @Test
    void fieldsWithCommasQuotesOrLineBreaksAreQuotedAndReadBack() throws Exception {
        List<String> fields = List.of("plain", "a, b", "say \"hi\"", "two\r\nlines", "", "lf\nonly");
        String record = Csv.record(fields);
        assertEquals("plain,\"a, b\",\"say \"\"hi\"\"\",\"two\r\nlines\",,\"lf\nonly\"\r\n", record);
        assertEquals(List.of(fields, List.of("x")), Csv.parse(record + "x\n"));
        assertEquals(List.of(List.of("a", "b")), Csv.parse("\uFEFFa,b"));
        assertThrows(Csv.Malformed.class, () -> Csv.parse("\"open"));
        assertThrows(Csv.Malformed.class, () -> Csv.parse("a\"b"));
    }

    @Test
    void mergePatchesFollowTheExamplesOfRfc7396() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String[][] examples = {
            {"{\"a\":\"b\"}", "{\"a\":\"c\"}", "{\"a\":\"c\"}"},
            {"{\"a\":\"b\"}", "{\"b\":\"c\"}", "{\"a\":\"b\",\"b\":\"c\"}"},
            {"{\"a\":\"b\"}", "{\"a\":null}", "{}"},
            {"{\"a\":[\"b\"]}", "{\"a\":\"c\"}", "{\"a\":\"c\"}"},
            {"{\"a\":{\"b\":\"c\"}}", "{\"a\":{\"b\":\"d\",\"c\":null}}", "{\"a\":{\"b\":\"d\"}}"},
            {"{\"e\":null}", "{\"a\":1}", "{\"e\":null,\"a\":1}"},
            {"{}", "{\"a\":{\"bb\":{\"ccc\":null}}}", "{\"a\":{\"bb\":{}}}"}
        };
        for (String[] example : examples) {
            assertEquals(
                    json.readTree(example[2]),
                    MergePatch.apply(json.readTree(example[0]), json.readTree(example[1])),
                    example[1]);
        }
    }
}
