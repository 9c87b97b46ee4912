package dev.qbank.question;

import static dev.qbank.support.Keys.as;
import static dev.qbank.support.Keys.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qbank.support.ApiTest;
import dev.qbank.support.Keys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** Exports parse back with an independent reader: JSON, RFC 4180 CSV, and Anki's text import format. */
@QuarkusTest
class ExportsTest extends ApiTest {

    private static final String TRICKY_TEXT = "Commas, \"quotes\" and\ttabs: what breaks a naive CSV writer?";
    private static final String TRICKY_NOTES = "Line one,\r\nline \"two\"\nline three";

    private static String text(Response response) {
        return new String(response.asByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void theExportRouteIsNotCapturedByTheQuestionNumberRoute() {
        given().when()
                .get("/v1/questions/export")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .header("Content-Disposition", equalTo("attachment; filename=\"qbank-questions.json\""));
    }

    @Test
    void aJsonExportIsTheFilteredBankInNumberOrder() throws Exception {
        Response response = given().queryParam("format", "json")
                .queryParam("category", "caching")
                .when()
                .get("/v1/questions/export");
        response.then().statusCode(200);
        JsonNode questions = new ObjectMapper().readTree(response.asByteArray());
        assertEquals(
                List.of(21, 22, 23, 24, 25, 26, 27),
                questions.findValuesAsText("number").stream()
                        .map(Integer::valueOf)
                        .toList());
        given().queryParam("format", "json")
                .queryParam("difficulty", "senior")
                .queryParam("tag", "caching")
                .when()
                .get("/v1/questions/export")
                .then()
                .statusCode(200)
                .body("number", equalTo(List.of(23)));
    }

    @Test
    void csvAndAnkiExportsParseBackFieldForField() throws Exception {
        String slug = "exports-" + Keys.unique();
        asAdmin()
                .contentType("application/json")
                .body(Map.of("slug", slug, "name", "Exports " + slug, "description", ""))
                .when()
                .post("/v1/categories")
                .then()
                .statusCode(201);
        int number = asAdmin()
                .contentType("application/json")
                .body(Map.of(
                        "text",
                        TRICKY_TEXT + " " + slug,
                        "category",
                        slug,
                        "tags",
                        List.of("csv", "rfc-4180"),
                        "difficulty",
                        "junior",
                        "notes",
                        TRICKY_NOTES))
                .when()
                .post("/v1/questions")
                .then()
                .statusCode(201)
                .extract()
                .path("number");
        try {
            Response csv = given().queryParam("format", "csv")
                    .queryParam("category", slug)
                    .when()
                    .get("/v1/questions/export");
            csv.then()
                    .statusCode(200)
                    .header("Content-Type", startsWith("text/csv"))
                    .header("Content-Disposition", equalTo("attachment; filename=\"qbank-questions.csv\""));
            String body = text(csv);
            assertTrue(body.startsWith("number,category,text,tags,difficulty,notes\r\n"), body);
            assertTrue(body.endsWith("\r\n"));
            List<CSVRecord> records = CSVFormat.RFC4180
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .get()
                    .parse(new StringReader(body))
                    .getRecords();
            assertEquals(1, records.size());
            CSVRecord row = records.get(0);
            assertEquals(Integer.toString(number), row.get("number"));
            assertEquals(TRICKY_TEXT + " " + slug, row.get("text"));
            assertEquals(TRICKY_NOTES, row.get("notes"));
            assertEquals("csv rfc-4180", row.get("tags"));
            assertEquals(slug, row.get("category"));

            Response anki = given().queryParam("format", "anki")
                    .queryParam("category", slug)
                    .when()
                    .get("/v1/questions/export");
            anki.then().statusCode(200).header("Content-Type", startsWith("text/plain"));
            String file = text(anki);
            List<String> headers = Arrays.stream(file.split("\n"))
                    .filter(l -> l.startsWith("#"))
                    .toList();
            assertTrue(
                    headers.containsAll(List.of("#separator:tab", "#html:false", "#tags column:3")),
                    headers.toString());
            assertEquals("#separator:tab", headers.get(0));
            String notes = file.substring(file.indexOf("\n#guid column:4\n") + "\n#guid column:4\n".length());
            List<CSVRecord> cards = CSVFormat.DEFAULT
                    .builder()
                    .setDelimiter('\t')
                    .get()
                    .parse(new StringReader(notes))
                    .getRecords();
            assertEquals(1, cards.size());
            CSVRecord card = cards.get(0);
            assertEquals(TRICKY_TEXT + " " + slug, card.get(0), "front = the question");
            assertEquals(TRICKY_NOTES, card.get(1), "back = the notes");
            assertEquals(
                    List.of("csv", "rfc-4180", "qbank::" + slug),
                    List.of(card.get(2).split(" ")),
                    "tags, space-separated");
            assertEquals("qbank-q" + number, card.get(3));
        } finally {
            asAdmin().when().delete("/v1/questions/" + number).then().statusCode(204);
            asAdmin().when().delete("/v1/categories/" + slug).then().statusCode(204);
        }
    }

    @Test
    void aLearnerExportsTheirOwnAttemptsAndNoOneElses() throws Exception {
        String learner = Keys.newLearner();
        String answer = "Keyset pagination, because \"OFFSET\" skips rows,\nwhen rows are inserted.";
        for (int question : List.of(8, 3)) {
            as(learner)
                    .contentType("application/json")
                    .body(Map.of("question", question, "answer", answer, "rating", "good", "duration_ms", 42000))
                    .when()
                    .post("/v1/attempts")
                    .then()
                    .statusCode(201);
        }
        as(Keys.newLearner())
                .contentType("application/json")
                .body(Map.of("question", 8, "answer", "Someone else's.", "rating", "again", "duration_ms", 1000))
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201);

        Response export = as(learner).when().get("/v1/users/me/attempts/export");
        export.then()
                .statusCode(200)
                .header("Content-Type", startsWith("text/csv"))
                .header("Content-Disposition", equalTo("attachment; filename=\"qbank-my-attempts.csv\""))
                .header("Cache-Control", equalTo("private, no-cache"));
        List<CSVRecord> rows = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(text(export)))
                .getRecords();
        assertEquals(
                List.of("8", "3"),
                rows.stream().map(r -> r.get("question")).toList(),
                "oldest first, own attempts only");
        assertEquals(answer, rows.get(0).get("answer"));
        assertEquals("42000", rows.get(1).get("duration_ms"));
        as(learner)
                .queryParam("format", "json")
                .when()
                .get("/v1/users/me/attempts/export")
                .then()
                .statusCode(200)
                .body("question", equalTo(List.of(8, 3)));
        given().when().get("/v1/users/me/attempts/export").then().statusCode(401);
        asAdmin().when().get("/v1/users/me/attempts/export").then().statusCode(403);
    }

    @Test
    void anUnknownFormatOrCategoryIsA400BeforeAnyByteIsSent() {
        given().queryParam("format", "xlsx")
                .when()
                .get("/v1/questions/export")
                .then()
                .statusCode(400)
                .body("invalid_params[0].name", equalTo("format"));
        given().queryParam("category", "no-such-category")
                .when()
                .get("/v1/questions/export")
                .then()
                .statusCode(400)
                .body("invalid_params[0].name", equalTo("category"));
        as(Keys.newLearner())
                .queryParam("format", "anki")
                .when()
                .get("/v1/users/me/attempts/export")
                .then()
                .statusCode(400);
    }
}
