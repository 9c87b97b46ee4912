package dev.qbank.attempt;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qbank.review.fsrs.Grade;
import dev.qbank.review.fsrs.Optimizer;
import dev.qbank.review.fsrs.ReviewLog;
import dev.qbank.support.ApiTest;
import dev.qbank.support.Learner;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** GET /v1/users/me/reviews/export: one's own answers in the FSRS optimizer's review-log layout. */
@QuarkusTest
class ReviewLogExportTest extends ApiTest {

    @Inject
    AttemptService attempts;

    private static final String PATH = "/v1/users/me/reviews/export";
    private static final List<String> HEADER =
            List.of("card_id", "review_time", "review_rating", "review_state", "review_duration");

    /** Records an attempt taking {@code durationMs} and returns its created_at in epoch milliseconds. */
    private static long record(Learner learner, int question, String rating, int durationMs) {
        Map<String, Object> body = Learner.attempt(question, rating);
        body.put("duration_ms", durationMs);
        String createdAt = learner.json(body)
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(201)
                .extract()
                .path("created_at");
        return Instant.parse(createdAt).toEpochMilli();
    }

    private static List<CSVRecord> csv(Response response) throws IOException {
        String text = new String(response.asByteArray(), StandardCharsets.UTF_8);
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get();
        try (var parser = format.parse(new StringReader(text))) {
            assertEquals(HEADER, parser.getHeaderNames());
            return parser.getRecords();
        }
    }

    private static List<String> row(long card, long time, int rating, int state, int duration) {
        return List.of(
                Long.toString(card),
                Long.toString(time),
                Integer.toString(rating),
                Integer.toString(state),
                Integer.toString(duration));
    }

    @Test
    void theCsvListsOnesOwnAnswersByQuestionThenTimeWithRatingsAndReplayedStates() throws IOException {
        Learner ada = Learner.signUp();
        long easy5 = record(ada, 5, "easy", 4000);
        long again3 = record(ada, 3, "again", 31000);
        long again5 = record(ada, 5, "again", 5000);
        long hard3 = record(ada, 3, "hard", 32000);
        long good5 = record(ada, 5, "good", 6000);
        Learner bob = Learner.signUp();
        long bobs = record(bob, 5, "good", 7000);

        Response export = ada.request().when().get(PATH);
        export.then()
                .statusCode(200)
                .header("Content-Type", startsWith("text/csv"))
                .header("Content-Disposition", equalTo("attachment; filename=\"qbank-my-review-log.csv\""))
                .header("Cache-Control", equalTo("private, no-cache"));
        assertEquals(
                List.of(
                        row(3, again3, 1, 0, 31000), // a card's first answer finds it new
                        row(3, hard3, 2, 1, 32000), // again put it in the learning steps
                        row(5, easy5, 4, 0, 4000),
                        row(5, again5, 1, 2, 5000), // easy graduated it to review
                        row(5, good5, 3, 3, 6000)), // again in review: relearning
                csv(export).stream().map(CSVRecord::toList).toList());

        assertEquals(
                List.of(row(5, bobs, 3, 0, 7000)),
                csv(bob.request().queryParam("format", "fsrs-csv").when().get(PATH)).stream()
                        .map(CSVRecord::toList)
                        .toList(),
                "another learner sees only their own answers");
    }

    @Test
    void batchesSeekPastTheLastAnswerReadSoTheyNeitherSkipNorRepeat() {
        Learner ada = Learner.signUp();
        for (String rating : List.of("good", "again", "hard")) {
            record(ada, 7, rating, 1000);
            record(ada, 1, rating, 1000);
        }
        List<FsrsReviewLog.Answer> whole = attempts.reviewLogBatch(ada.id(), null, 100);
        List<FsrsReviewLog.Answer> batched = new ArrayList<>();
        FsrsReviewLog.Answer after = null;
        List<FsrsReviewLog.Answer> batch;
        do {
            batch = attempts.reviewLogBatch(ada.id(), after, 4);
            batched.addAll(batch);
            after = batch.isEmpty() ? after : batch.get(batch.size() - 1);
        } while (batch.size() == 4);
        assertEquals(6, whole.size());
        assertEquals(whole, batched);
        assertEquals(
                List.of(1, 1, 1, 7, 7, 7),
                whole.stream().map(FsrsReviewLog.Answer::question).toList());
    }

    @Test
    void theJsonHasTheSameRows() {
        Learner ada = Learner.signUp();
        long again8 = record(ada, 8, "again", 1000);
        long good8 = record(ada, 8, "good", 2000);
        ada.request()
                .queryParam("format", "json")
                .when()
                .get(PATH)
                .then()
                .statusCode(200)
                .contentType("application/json")
                .header("Content-Disposition", equalTo("attachment; filename=\"qbank-my-review-log.json\""))
                .body("$", hasSize(2))
                .body("card_id", equalTo(List.of(8, 8)))
                .body("review_time", equalTo(List.of(again8, good8)))
                .body("review_rating", equalTo(List.of(1, 3)))
                .body("review_state", equalTo(List.of(0, 1)))
                .body("review_duration", equalTo(List.of(1000, 2000)));
    }

    @Test
    void theExportReadsBackIntoReviewLogsTheOptimizerAccepts() throws IOException {
        Learner ada = Learner.signUp();
        record(ada, 2, "good", 1000);
        record(ada, 4, "hard", 1000);
        record(ada, 2, "again", 1000);
        List<ReviewLog> logs = csv(ada.request().when().get(PATH)).stream()
                .map(r -> new ReviewLog(
                        Long.parseLong(r.get("card_id")),
                        Instant.ofEpochMilli(Long.parseLong(r.get("review_time"))),
                        Grade.of(Integer.parseInt(r.get("review_rating")))))
                .toList();
        assertEquals(List.of(2L, 2L, 4L), logs.stream().map(ReviewLog::cardId).toList());
        // Answers minutes apart: the optimizer takes them, and predicts none (it needs a day between answers).
        assertEquals(0, Optimizer.of(logs).predictions());
    }

    @Test
    void aLearnerWithNoAnswersGetsTheHeaderRowOrAnEmptyArray() {
        Learner ada = Learner.signUp();
        assertEquals(
                String.join(",", HEADER) + "\r\n",
                new String(ada.request().when().get(PATH).asByteArray(), StandardCharsets.UTF_8));
        ada.request()
                .queryParam("format", "json")
                .when()
                .get(PATH)
                .then()
                .statusCode(200)
                .body("$", hasSize(0));
    }

    @Test
    void withoutAKeyItIs401AndAnUnknownFormatIsA400ProblemNamingFormat() {
        given().when().get(PATH).then().statusCode(401);
        Learner ada = Learner.signUp();
        for (String format : List.of("csv", "xlsx")) {
            ada.request()
                    .queryParam("format", format)
                    .when()
                    .get(PATH)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("invalid_params[0].name", equalTo("format"))
                    .body("invalid_params[0].reason", equalTo("must be one of fsrs-csv, json"));
        }
    }
}
