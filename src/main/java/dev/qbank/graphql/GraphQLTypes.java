package dev.qbank.graphql;

import dev.qbank.api.Link;
import dev.qbank.attempt.AttemptViews;
import dev.qbank.category.CategoryView;
import dev.qbank.question.Difficulty;
import dev.qbank.question.LiveExample;
import dev.qbank.question.QuestionView;
import dev.qbank.review.CardView;
import dev.qbank.review.DueView;
import dev.qbank.review.MemoryView;
import dev.qbank.review.PreviewsView;
import dev.qbank.review.ProgressView;
import dev.qbank.review.Rating;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * The GraphQL schema's types: the REST views (QuestionView, CategoryView, AttemptView) re-shaped for a graph. Related
 * objects are not here but resolved by the batched {@code @Source} methods of {@link QbankGraphQL}, so a client
 * asks only for what it reads, and a page of 40 questions with their categories costs the same statements as 5.
 */
public final class GraphQLTypes {

    private GraphQLTypes() {}

    @Name("Question")
    @Description("A question of the bank; its number is its stable id.")
    public record QuestionNode(
            int number,
            @NonNull String text,
            @NonNull List<@NonNull String> tags,
            @NonNull Difficulty difficulty,
            @Description("The author's notes, if any.") String notes,
            @NonNull Instant createdAt,
            @NonNull Instant updatedAt,

            @Description("Questions 1-10 only: how this API demonstrates the question, live.")
            LiveExampleNode liveExample,

            @Ignore String categorySlug) {

        static QuestionNode of(QuestionView view) {
            return new QuestionNode(
                    view.number(),
                    view.text(),
                    view.tags(),
                    Difficulty.fromWire(view.difficulty()).orElseThrow(),
                    view.notes(),
                    view.createdAt(),
                    view.updatedAt(),
                    LiveExampleNode.of(view.liveExample()),
                    view.category());
        }
    }

    @Name("LiveExample")
    public record LiveExampleNode(
            @NonNull String summary,
            @Name("try") @NonNull String tryIt,
            @NonNull List<@NonNull NamedLink> links) {

        static LiveExampleNode of(LiveExample example) {
            return example == null
                    ? null
                    : new LiveExampleNode(example.summary(), example.tryIt(), NamedLink.all(example.links()));
        }
    }

    @Name("Link")
    @Description(
            "A link by relation: hrefs starting with / are this API's endpoints; others are files of the repository.")
    public record NamedLink(@NonNull String rel, @NonNull String href) {

        static List<NamedLink> all(Map<String, Link> links) {
            return links.entrySet().stream()
                    .map(e -> new NamedLink(e.getKey(), e.getValue().href()))
                    .toList();
        }
    }

    @Name("Category")
    public record CategoryNode(
            @NonNull String slug,
            @NonNull String name,
            @NonNull String description,
            int position,
            int questionCount,
            @NonNull Instant createdAt,
            @NonNull Instant updatedAt) {

        static CategoryNode of(CategoryView view) {
            return new CategoryNode(
                    view.slug(),
                    view.name(),
                    view.description(),
                    view.position(),
                    (int) view.questionCount(),
                    view.createdAt(),
                    view.updatedAt());
        }
    }

    @Name("Attempt")
    @Description("One of your answers, with the review it scheduled.")
    public record AttemptNode(
            @Id @NonNull String id,
            @NonNull String answer,
            @NonNull Rating rating,
            int durationMs,
            Instant startedAt,
            @NonNull Instant createdAt,

            @Description("When the question is next due for review, after this attempt.") @NonNull
            Instant dueAt,

            @Ignore int questionNumber) {

        static AttemptNode of(AttemptViews.AttemptView view) {
            return new AttemptNode(
                    view.id().toString(),
                    view.answer(),
                    Rating.fromWire(view.rating()).orElseThrow(),
                    view.durationMs(),
                    view.startedAt(),
                    view.createdAt(),
                    view.dueAt(),
                    view.question());
        }
    }

    @Name("Me")
    @Description("The caller: the learner the API key belongs to.")
    public record Me(
            @Id @NonNull String id,
            @NonNull String name,
            @NonNull Instant createdAt,

            @NonNull
            @Description("fsrs or sm2: the scheduler that sets your due dates (change it with PATCH /v1/users/me).")
            String scheduler,

            @Description("FSRS-6's target probability of recall at the due date, 0.70 to 0.97.")
            double desiredRetention,

            @Ignore UUID userId) {}

    @Name("PageInfo")
    @Description(
            "Relay's PageInfo. Cursors are the REST API's: endCursor is a page's next_cursor, and either works in the other API.")
    public record PageInfo(boolean hasNextPage, boolean hasPreviousPage, String startCursor, String endCursor) {}

    @Name("QuestionEdge")
    public record QuestionEdge(
            @NonNull String cursor, @NonNull QuestionNode node) {}

    @Name("QuestionConnection")
    public record QuestionConnection(
            @NonNull List<@NonNull QuestionEdge> edges,
            @NonNull PageInfo pageInfo) {}

    @Name("AttemptEdge")
    public record AttemptEdge(
            @NonNull String cursor, @NonNull AttemptNode node) {}

    @Name("AttemptConnection")
    public record AttemptConnection(
            @NonNull List<@NonNull AttemptEdge> edges,
            @NonNull PageInfo pageInfo) {}

    @Name("Progress")
    @Description(
            "Your progress through the bank, as GET /v1/users/me/progress: per category, overall, and your streaks of "
                    + "consecutive UTC days with at least one attempt.")
    public record ProgressNode(
            @NonNull List<@NonNull CategoryProgressNode> categories,
            @NonNull ProgressTotalsNode overall,
            int currentStreakDays,
            int longestStreakDays) {

        static ProgressNode of(ProgressView view) {
            return new ProgressNode(
                    view.categories().stream().map(CategoryProgressNode::of).toList(),
                    ProgressTotalsNode.of(view.overall()),
                    view.currentStreakDays(),
                    view.longestStreakDays());
        }
    }

    @Name("CategoryProgress")
    @Description("Your progress in one category.")
    public record CategoryProgressNode(
            @Description("The category's slug.") @NonNull String slug,
            int questionsTotal,
            int questionsAttempted,
            int attempts,
            Instant lastAttemptAt,
            @NonNull RatingCountsNode ratings) {

        static CategoryProgressNode of(ProgressView.CategoryProgress view) {
            return new CategoryProgressNode(
                    view.category(),
                    view.questionsTotal(),
                    view.questionsAttempted(),
                    view.attempts(),
                    view.lastAttemptAt(),
                    RatingCountsNode.of(view.ratings()));
        }
    }

    @Name("ProgressTotals")
    @Description("Your progress over the whole bank.")
    public record ProgressTotalsNode(
            int questionsTotal,
            int questionsAttempted,
            int attempts,
            Instant lastAttemptAt,
            @NonNull RatingCountsNode ratings) {

        static ProgressTotalsNode of(ProgressView.Totals view) {
            return new ProgressTotalsNode(
                    view.questionsTotal(),
                    view.questionsAttempted(),
                    view.attempts(),
                    view.lastAttemptAt(),
                    RatingCountsNode.of(view.ratings()));
        }
    }

    @Name("RatingCounts")
    @Description("How many attempts had each rating.")
    public record RatingCountsNode(int again, int hard, int good, int easy) {

        static RatingCountsNode of(ProgressView.RatingCounts view) {
            return new RatingCountsNode(view.again(), view.hard(), view.good(), view.easy());
        }
    }

    @Name("Due")
    @Description("A question to review now, as an item of GET /v1/users/me/due: due by its SM-2 schedule, or never "
            + "attempted (then dueAt, intervalDays, lastRating and lastAttemptAt are null).")
    public record DueNode(
            @Description("When the question fell due (by your scheduler); null if never attempted.")
            Instant dueAt,

            @Description("The interval, in whole days, your latest attempt scheduled (0 in FSRS-6's learning steps).")
            Integer intervalDays,

            @Description("Your latest attempt's rating.") Rating lastRating,
            Instant lastAttemptAt,

            @Description("Your FSRS-6 memory state on it; null if never attempted.")
            MemoryNode memory,

            @Description("What each rating would schedule if you answered now.") @NonNull
            PreviewsNode previews,

            @Ignore int questionNumber) {

        static DueNode of(DueView view) {
            return new DueNode(
                    view.dueAt(),
                    view.intervalDays(),
                    view.lastRating() == null
                            ? null
                            : Rating.fromWire(view.lastRating()).orElseThrow(),
                    view.lastAttemptAt(),
                    MemoryNode.of(view.memory()),
                    PreviewsNode.of(view.previews()),
                    view.question());
        }
    }

    @Name("Memory")
    @Description("Your FSRS-6 memory state on a question (as REST's MemoryView).")
    public record MemoryNode(
            @NonNull @Description("learning, review or relearning.")
            String state,

            @Description("D, 1 (easy) to 10 (hard).") double difficulty,

            @Description("S, in days: the time for recall to fall to 90%.")
            double stability,

            @Description("R now: the probability of recall today.")
            double retrievability,

            @NonNull Instant fsrsDueAt,
            @NonNull Instant lastReviewAt,
            int reviews,
            int lapses) {

        static MemoryNode of(MemoryView view) {
            return view == null
                    ? null
                    : new MemoryNode(
                            view.state(),
                            view.difficulty(),
                            view.stability(),
                            view.retrievability(),
                            view.fsrsDueAt(),
                            view.lastReviewAt(),
                            view.reviews(),
                            view.lapses());
        }
    }

    @Name("Preview")
    @Description("The next review after one rating.")
    public record PreviewNode(
            @Description("Seconds from now to the next review.")
            long intervalSeconds,

            @NonNull Instant dueAt) {

        static PreviewNode of(PreviewsView.Preview preview) {
            return new PreviewNode(preview.intervalSeconds(), preview.dueAt());
        }
    }

    @Name("Previews")
    @Description("What each rating would schedule if you answered now (as of the current minute).")
    public record PreviewsNode(
            @NonNull PreviewNode again,
            @NonNull PreviewNode hard,
            @NonNull PreviewNode good,
            @NonNull PreviewNode easy) {

        static PreviewsNode of(PreviewsView view) {
            return new PreviewsNode(
                    PreviewNode.of(view.again()),
                    PreviewNode.of(view.hard()),
                    PreviewNode.of(view.good()),
                    PreviewNode.of(view.easy()));
        }
    }

    @Name("MyState")
    @Description("Where you stand on a question: your scheduler's due date, your FSRS-6 memory state, the previews.")
    public record MyStateNode(
            @NonNull @Description("fsrs or sm2: your scheduler.")
            String scheduler,

            @Description("When your scheduler has it due; null if never attempted.")
            Instant dueAt,

            MemoryNode memory,
            @NonNull PreviewsNode previews) {

        static MyStateNode of(CardView view) {
            return new MyStateNode(
                    view.scheduler(), view.dueAt(), MemoryNode.of(view.memory()), PreviewsNode.of(view.previews()));
        }
    }

    @Name("DueEdge")
    public record DueEdge(@NonNull String cursor, @NonNull DueNode node) {}

    @Name("DueConnection")
    public record DueConnection(
            @NonNull List<@NonNull DueEdge> edges, @NonNull PageInfo pageInfo) {}

    @Input("QuestionFilter")
    @Description("Filters of a question listing; any may be left out.")
    public record QuestionFilterInput(
            @Description("A category slug, such as caching.")
            String category,

            String tag,
            Difficulty difficulty) {}

    @Input("AttemptInput")
    @Description("One answer to record; validated as POST /v1/attempts validates it.")
    public record AttemptInput(
            int question,
            @NonNull String answer,
            @NonNull Rating rating,
            int durationMs,

            @Description("When you started answering; not in the future.")
            Instant startedAt) {}
}
