package dev.qbank.changes;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.qbank.category.CategoryView;
import dev.qbank.question.QuestionView;
import java.time.Instant;

/**
 * One change to the bank, as the feed serves it. Tombstones ({@code *.deleted}) name the question or category only;
 * the others carry the resource as it is when the feed is read, or none when it has been deleted since (its tombstone
 * follows), as Google Drive's changes.list does: a client that applies every entry in order (upsert what is given,
 * remove what has none) ends with the bank as it is.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChangeView(long sequence, String type, Instant changedAt, Integer number, String slug, Object resource) {

    static ChangeView ofQuestion(Change change, QuestionView question) {
        return new ChangeView(change.sequence(), change.type(), change.changedAt(), change.number(), null, question);
    }

    static ChangeView ofCategory(Change change, CategoryView category) {
        return new ChangeView(change.sequence(), change.type(), change.changedAt(), null, change.slug(), category);
    }
}
