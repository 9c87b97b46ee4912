package dev.qbank.attempt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qbank.csv.Csv;
import dev.qbank.review.fsrs.Grade;
import dev.qbank.review.fsrs.Optimizer;
import dev.qbank.review.fsrs.Parameters;
import dev.qbank.review.fsrs.ReviewLog;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** The review log's rows: ratings and states as the FSRS optimizer numbers them, and a CSV it can read back. */
class FsrsReviewLogTest {

    private static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");

    private static FsrsReviewLog.Answer answer(int question, Duration after, String rating) {
        return new FsrsReviewLog.Answer(UUID.randomUUID(), question, T0.plus(after), rating, 1000);
    }

    private static List<FsrsReviewLog.Row> replay(List<FsrsReviewLog.Answer> answers) {
        FsrsReviewLog.Replay replay = new FsrsReviewLog.Replay();
        return answers.stream().map(replay::next).toList();
    }

    @Test
    void eachRowCarriesTheStateBeforeItsAnswerAsTheDefaultSchedulerReplaysTheCard() {
        List<FsrsReviewLog.Row> rows = replay(List.of(
                answer(3, Duration.ZERO, "again"), // new -> learning step 0
                answer(3, Duration.ofMinutes(2), "good"), // learning -> step 1
                answer(3, Duration.ofMinutes(15), "good"), // learning -> review
                answer(3, Duration.ofDays(3), "again"), // review -> relearning
                answer(3, Duration.ofDays(3).plusMinutes(12), "hard"), // relearning
                answer(5, Duration.ofDays(1), "easy"))); // a new card starts new again
        assertEquals(
                List.of(0, 1, 1, 2, 3, 0),
                rows.stream().map(FsrsReviewLog.Row::reviewState).toList());
        assertEquals(
                List.of(1, 3, 3, 1, 2, 4),
                rows.stream().map(FsrsReviewLog.Row::reviewRating).toList());
        assertEquals(
                List.of(3L, 3L, 3L, 3L, 3L, 5L),
                rows.stream().map(FsrsReviewLog.Row::cardId).toList());
        assertEquals(T0.plus(Duration.ofDays(1)).toEpochMilli(), rows.get(5).reviewTime());
        assertEquals(1000, rows.get(0).reviewDuration());
    }

    @Test
    void theCsvReadsBackIntoReviewLogsTheOptimizerFits() throws IOException {
        List<FsrsReviewLog.Answer> answers = new ArrayList<>();
        String[] ratings = {"good", "good", "again", "good", "easy", "hard"};
        for (int question = 1; question <= 4; question++) {
            for (int i = 0; i < ratings.length; i++) {
                answers.add(answer(question, Duration.ofDays(i * (i + question)), ratings[(i + question) % 6]));
            }
        }
        StringBuilder csv = new StringBuilder(Csv.record(FsrsReviewLog.COLUMNS));
        replay(answers).forEach(row -> csv.append(Csv.record(row.csvFields())));

        List<ReviewLog> logs = new ArrayList<>();
        for (CSVRecord record : CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(csv.toString()))) {
            logs.add(new ReviewLog(
                    Long.parseLong(record.get("card_id")),
                    Instant.ofEpochMilli(Long.parseLong(record.get("review_time"))),
                    Grade.of(Integer.parseInt(record.get("review_rating")))));
            int state = Integer.parseInt(record.get("review_state"));
            assertTrue(state >= 0 && state <= 3, record.toString());
            assertTrue(Long.parseLong(record.get("review_duration")) >= 0, record.toString());
        }
        assertEquals(answers.size(), logs.size());
        assertEquals(answers.get(7).at(), logs.get(7).reviewedAt());

        Optimizer optimizer = Optimizer.of(logs);
        assertEquals(20, optimizer.predictions(), "every answer after a card's first is at least a day later");
        double loss = optimizer.logLoss(Parameters.DEFAULT);
        assertTrue(loss > 0 && Double.isFinite(loss), "log loss " + loss);
        Optimizer.Result fit = optimizer.fit(200);
        assertTrue(fit.logLoss() <= loss + 1e-12, "the fit is no worse than the defaults it starts from");
    }
}
