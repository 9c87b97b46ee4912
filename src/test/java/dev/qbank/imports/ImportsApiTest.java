package dev.qbank.imports;

import static dev.qbank.support.Keys.as;
import static dev.qbank.support.Keys.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qbank.support.ApiTest;
import dev.qbank.support.Eventually;
import dev.qbank.support.Keys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /v1/imports: 202 and a job to poll; all or nothing; JSON and CSV; idempotent with Idempotency-Key. */
@QuarkusTest
class ImportsApiTest extends ApiTest {

    @Inject
    ImportWorker worker;

    private String slug;

    @BeforeEach
    void createOwnCategory() {
        slug = "imports-" + Keys.unique();
        asAdmin()
                .contentType("application/json")
                .body(Map.of("slug", slug, "name", "Imports " + slug, "description", ""))
                .when()
                .post("/v1/categories")
                .then()
                .statusCode(201);
    }

    @AfterEach
    void deleteWhatTheTestCreated() {
        List<Integer> numbers = given().queryParam("limit", 100)
                .when()
                .get("/v1/categories/" + slug + "/questions")
                .then()
                .extract()
                .path("data.number");
        if (numbers != null) {
            numbers.forEach(
                    n -> asAdmin().when().delete("/v1/questions/" + n).then().statusCode(204));
        }
        asAdmin().when().delete("/v1/categories/" + slug);
    }

    /** Polls the job as a client would (running the worker meanwhile, as any instance may) until it has finished. */
    private Response finished(String location) {
        String path = URI.create(location).getPath();
        Eventually.within(Duration.ofSeconds(15), "the import job to finish", () -> {
            worker.runPending();
            String status = asAdmin().get(path).path("status");
            return "succeeded".equals(status) || "failed".equals(status);
        });
        return asAdmin().when().get(path);
    }

    private Map<String, Object> row(String text) {
        Map<String, Object> row = new HashMap<>();
        row.put("category", slug);
        row.put("text", text);
        return row;
    }

    @Test
    void anImportWithBadRowsReportsEachOfThemAndWritesNothing() {
        Map<String, Object> unknownField = row("What is a saga log? " + slug);
        unknownField.put("colour", "red");
        Map<String, Object> unknownCategory = row("What is a two-phase commit? " + slug);
        unknownCategory.put("category", "no-such-category");
        List<Object> rows = List.of(
                row("What is an outbox? " + slug),
                unknownCategory,
                Map.of("category", slug),
                row(given().get("/v1/questions/12").path("text")),
                row("what is an  OUTBOX? " + slug),
                unknownField);
        Response accepted =
                asAdmin().contentType("application/json").body(rows).when().post("/v1/imports");
        accepted.then()
                .statusCode(202)
                .header("Location", containsString("/v1/imports/"))
                .header("Retry-After", equalTo("1"))
                .body("status", equalTo("pending"));

        finished(accepted.header("Location"))
                .then()
                .statusCode(200)
                .body("status", equalTo("failed"))
                .body("total_rows", equalTo(6))
                .body("imported_rows", equalTo(0))
                .body("failed_rows", equalTo(5))
                .body("errors.row", equalTo(List.of(2, 3, 4, 5, 6)))
                .body("errors.field", equalTo(List.of("category", "text", "text", "text", "colour")))
                .body("question_numbers", hasSize(0));
        given().when().get("/v1/categories/" + slug).then().body("question_count", equalTo(0));
    }

    @Test
    void aCsvImportWithQuotesCommasAndLineBreaksWritesEveryQuestionAtOnce() {
        String csv = "category,text,tags,difficulty,notes\r\n"
                + slug + ",\"What is \"\"exactly once\"\", really? " + slug
                + "\",messaging delivery,senior,\"First line,\r\nsecond line\"\r\n"
                + slug + ",What is a poison message? " + slug + ",,,\r\n"
                + slug + ",\"Queues, topics or streams? " + slug + "\",messaging,junior,\r\n";
        Response accepted = asAdmin().contentType("text/csv").body(csv).when().post("/v1/imports");
        accepted.then().statusCode(202);
        Response job = finished(accepted.header("Location"));
        job.then()
                .statusCode(200)
                .body("status", equalTo("succeeded"))
                .body("format", equalTo("csv"))
                .body("imported_rows", equalTo(3))
                .body("errors", hasSize(0));
        List<Integer> numbers = job.path("question_numbers");
        given().when()
                .get("/v1/questions/" + numbers.get(0))
                .then()
                .statusCode(200)
                .body("text", equalTo("What is \"exactly once\", really? " + slug))
                .body("notes", equalTo("First line,\r\nsecond line"))
                .body("tags", equalTo(List.of("messaging", "delivery")))
                .body("difficulty", equalTo("senior"));
        given().when()
                .get("/v1/questions/" + numbers.get(1))
                .then()
                .body("difficulty", equalTo("mid"))
                .body("tags", hasSize(0));
        given().when().get("/v1/categories/" + slug).then().body("question_count", equalTo(3));
    }

    @Test
    void aCsvFileWithAnUnknownColumnFailsAsAWhole() {
        Response accepted = asAdmin()
                .contentType("text/csv")
                .body("category,text,answer\r\n" + slug + ",What?,Nothing\r\n")
                .when()
                .post("/v1/imports");
        finished(accepted.header("Location"))
                .then()
                .body("status", equalTo("failed"))
                .body("errors[0].row", equalTo(0))
                .body("errors[0].field", equalTo("answer"));
    }

    @Test
    void theSameIdempotencyKeyReplaysTheSameJob() {
        List<Object> rows = List.of(row("What is back-pressure? " + slug));
        Response first = asAdmin()
                .header("Idempotency-Key", "\"import-" + slug + "\"")
                .contentType("application/json")
                .body(rows)
                .when()
                .post("/v1/imports");
        first.then().statusCode(202);
        Response again = asAdmin()
                .header("Idempotency-Key", "\"import-" + slug + "\"")
                .contentType("application/json")
                .body(rows)
                .when()
                .post("/v1/imports");
        again.then().statusCode(202).header("Idempotent-Replayed", "true").header("Retry-After", "1");
        assertEquals((String) first.path("id"), again.path("id"));
        asAdmin()
                .header("Idempotency-Key", "\"import-" + slug + "\"")
                .contentType("application/json")
                .body(List.of(row("Something else? " + slug)))
                .when()
                .post("/v1/imports")
                .then()
                .statusCode(422);
        finished(first.header("Location"))
                .then()
                .body("status", equalTo("succeeded"))
                .body("imported_rows", equalTo(1));
    }

    @Test
    void onlyTheAdminImportsAndABodyThatIsNoArrayIsRefusedAtOnce() {
        as(Keys.newLearner())
                .contentType("application/json")
                .body(List.of(row("Mine? " + slug)))
                .when()
                .post("/v1/imports")
                .then()
                .statusCode(403);
        given().contentType("application/json")
                .body("[]")
                .when()
                .post("/v1/imports")
                .then()
                .statusCode(401);
        asAdmin()
                .contentType("application/json")
                .body("{\"text\": \"not an array\"}")
                .when()
                .post("/v1/imports")
                .then()
                .statusCode(400)
                .body("invalid_params[0].name", equalTo("body"));
        asAdmin()
                .contentType("application/json")
                .body("[{")
                .when()
                .post("/v1/imports")
                .then()
                .statusCode(400)
                .body("type", equalTo("https://qbank.dev/problems/malformed-json"));
        asAdmin()
                .contentType("application/xml")
                .body("<questions/>")
                .when()
                .post("/v1/imports")
                .then()
                .statusCode(415);
        asAdmin()
                .when()
                .get("/v1/imports/0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b")
                .then()
                .statusCode(404);
    }
}
