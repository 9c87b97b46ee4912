package dev.qbank.graphql;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qbank.api.ApiConfig;
import dev.qbank.api.conditional.Representations;
import dev.qbank.api.idempotency.Idempotency;
import dev.qbank.api.paging.Cursor;
import dev.qbank.api.paging.PageRequest;
import dev.qbank.api.paging.Paging;
import dev.qbank.api.paging.Slice;
import dev.qbank.api.problem.Problem;
import dev.qbank.api.problem.ProblemException;
import dev.qbank.api.problem.ProblemType;
import dev.qbank.attempt.AttemptFilter;
import dev.qbank.attempt.AttemptService;
import dev.qbank.attempt.AttemptViews;
import dev.qbank.category.CategoryService;
import dev.qbank.category.CategoryView;
import dev.qbank.graphql.GraphQLTypes.AttemptConnection;
import dev.qbank.graphql.GraphQLTypes.AttemptEdge;
import dev.qbank.graphql.GraphQLTypes.AttemptInput;
import dev.qbank.graphql.GraphQLTypes.AttemptNode;
import dev.qbank.graphql.GraphQLTypes.CategoryNode;
import dev.qbank.graphql.GraphQLTypes.DueConnection;
import dev.qbank.graphql.GraphQLTypes.DueEdge;
import dev.qbank.graphql.GraphQLTypes.DueNode;
import dev.qbank.graphql.GraphQLTypes.Me;
import dev.qbank.graphql.GraphQLTypes.MyStateNode;
import dev.qbank.graphql.GraphQLTypes.PageInfo;
import dev.qbank.graphql.GraphQLTypes.ProgressNode;
import dev.qbank.graphql.GraphQLTypes.QuestionConnection;
import dev.qbank.graphql.GraphQLTypes.QuestionEdge;
import dev.qbank.graphql.GraphQLTypes.QuestionFilterInput;
import dev.qbank.graphql.GraphQLTypes.QuestionNode;
import dev.qbank.question.QuestionFilter;
import dev.qbank.question.QuestionService;
import dev.qbank.question.QuestionView;
import dev.qbank.review.CardView;
import dev.qbank.review.DueFilter;
import dev.qbank.review.DueView;
import dev.qbank.review.ReviewService;
import dev.qbank.security.Caller;
import dev.qbank.user.UserService;
import dev.qbank.user.UserViews;
import jakarta.validation.Validator;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

/**
 * GraphQL beside REST, over the same services: no query here reads the database itself. Lists are Relay
 * connections paginated with the REST API's signed cursors (same scopes, so a REST next_cursor is a GraphQL
 * {@code after} and an endCursor is a REST {@code cursor}). Fields that lead to other objects are batched
 * ({@code @Source List}): one query per field per level, whatever the number of rows.
 */
@GraphQLApi
public class QbankGraphQL {

    private final QuestionService questions;
    private final CategoryService categories;
    private final AttemptService attempts;
    private final UserService users;
    private final Paging paging;
    private final ApiConfig config;
    private final Idempotency idempotency;
    private final Representations representations;
    private final ObjectMapper mapper;
    private final Validator validator;
    private final Caller caller;
    private final ReviewService reviews;

    public QbankGraphQL(
            QuestionService questions,
            CategoryService categories,
            AttemptService attempts,
            UserService users,
            Paging paging,
            ApiConfig config,
            Idempotency idempotency,
            Representations representations,
            ObjectMapper mapper,
            Validator validator,
            Caller caller,
            ReviewService reviews) {
        this.questions = questions;
        this.categories = categories;
        this.attempts = attempts;
        this.users = users;
        this.paging = paging;
        this.config = config;
        this.idempotency = idempotency;
        this.representations = representations;
        this.mapper = mapper;
        this.validator = validator;
        this.caller = caller;
        this.reviews = reviews;
    }

    @Query("questions")
    @Description(
            "Questions by number, optionally filtered; a Relay connection. Give first (1-100, default 20) and after, "
                    + "or last and before.")
    public @NonNull QuestionConnection questions(
            QuestionFilterInput filter, Integer first, String after, Integer last, String before) {
        QuestionFilter questionFilter = filter == null
                ? QuestionFilter.of(null, null, null)
                : QuestionFilter.of(
                        filter.category(),
                        filter.tag(),
                        filter.difficulty() == null ? null : filter.difficulty().wire());
        PageRequest page = pageRequest("questions?" + questionFilter.scope(), first, after, last, before);
        Slice<QuestionView> slice = questions.list(questionFilter, page);
        return connection(
                page,
                slice,
                v -> List.of(v.number()),
                (cursor, view) -> new QuestionEdge(cursor, QuestionNode.of(view)),
                QuestionConnection::new);
    }

    @Query("question")
    @Description("One question by its number; null when there is none (or it was deleted, as REST answers 404).")
    public QuestionNode question(@NonNull Integer number) {
        return questions.find(number).map(QuestionNode::of).orElse(null);
    }

    @Query("categories")
    @Description("The categories, in display order.")
    public @NonNull List<@NonNull CategoryNode> categories() {
        return categories
                .list(new PageRequest("categories", config.pagination().maxLimit(), Optional.empty()))
                .items()
                .stream()
                .map(CategoryNode::of)
                .toList();
    }

    @Query("me")
    @Description("The caller (needs Authorization: Bearer <key>).")
    public Me me() {
        UUID userId = caller.requireUser();
        UserViews.UserView user = users.get(userId);
        return new Me(
                userId.toString(),
                user.name(),
                user.createdAt(),
                user.scheduler(),
                user.desiredRetention().doubleValue(),
                userId);
    }

    @Mutation("recordAttempt")
    @Description(
            "Record an answer, as POST /v1/attempts does (same validation). With an idempotencyKey, a retry returns "
                    + "the attempt the first request recorded instead of recording another; the key with a different input is refused.")
    public @NonNull AttemptNode recordAttempt(@NonNull AttemptInput input, String idempotencyKey) {
        UUID userId = caller.requireUser();
        AttemptViews.AttemptRequest request = new AttemptViews.AttemptRequest(
                input.question(), input.answer(), input.rating().wire(), input.durationMs(), input.startedAt());
        validate(request);
        if (idempotencyKey == null) {
            return AttemptNode.of(attempts.record(userId, request));
        }
        Response response = idempotency.execute(
                caller.scope(), idempotencyKey, "GraphQL recordAttempt", request, () -> Response.ok(representations
                                .of(attempts.record(userId, request))
                                .bytes())
                        .build());
        try {
            // A replay holds the first response's bytes; the attempt is read back by their id.
            UUID id = UUID.fromString(
                    mapper.readTree((byte[]) response.getEntity()).path("id").asText());
            return AttemptNode.of(attempts.get(userId, id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- Fields resolved in batches: one call (and one query) for every parent on the level.

    @Name("category")
    public List<@NonNull CategoryNode> categoryOf(@Source List<QuestionNode> questionNodes) {
        Map<String, CategoryView> bySlug = categories.bySlugs(questionNodes.stream()
                .map(QuestionNode::categorySlug)
                .distinct()
                .toList());
        return questionNodes.stream()
                .map(q -> CategoryNode.of(bySlug.get(q.categorySlug())))
                .toList();
    }

    @Name("myState")
    @Description("Where you stand on this question: your scheduler's due date, FSRS-6 memory state and the previews of "
            + "each rating (needs Authorization: Bearer <key>). Batched: a few queries for any number of questions.")
    public List<@NonNull MyStateNode> myState(@Source List<QuestionNode> questionNodes) {
        UUID userId = caller.requireUser();
        Map<Integer, CardView> cards = reviews.cards(
                userId,
                questionNodes.stream().map(QuestionNode::number).distinct().toList(),
                Instant.now());
        return questionNodes.stream()
                .map(q -> MyStateNode.of(cards.get(q.number())))
                .toList();
    }

    @Name("myAttempts")
    @Description("Your newest attempts at this question, newest first: at most first (1-" + QueryCost.MY_ATTEMPTS_MAX
            + ", default " + QueryCost.MY_ATTEMPTS_DEFAULT + "); all of them are in me.attempts, paginated "
            + "(needs Authorization: Bearer <key>).")
    public List<@NonNull List<@NonNull AttemptNode>> myAttempts(
            @Source List<QuestionNode> questionNodes, Integer first) {
        int limit = first == null ? QueryCost.MY_ATTEMPTS_DEFAULT : first;
        if (limit < 1 || limit > QueryCost.MY_ATTEMPTS_MAX) {
            throw new ProblemException(Problem.of(
                            ProblemType.INVALID_PARAMETERS,
                            "Invalid first: must be between 1 and " + QueryCost.MY_ATTEMPTS_MAX + ".")
                    .withInvalidParams(List.of(
                            new Problem.InvalidParam("first", "must be between 1 and " + QueryCost.MY_ATTEMPTS_MAX))));
        }
        UUID userId = caller.requireUser();
        Map<Integer, List<AttemptViews.AttemptView>> byQuestion = attempts.byQuestions(
                userId,
                questionNodes.stream().map(QuestionNode::number).distinct().toList(),
                limit);
        return questionNodes.stream()
                .map(q ->
                        byQuestion.get(q.number()).stream().map(AttemptNode::of).toList())
                .toList();
    }

    @Name("questions")
    @Description("The category's questions, by number.")
    public List<@NonNull List<@NonNull QuestionNode>> questionsOf(@Source List<CategoryNode> categoryNodes) {
        Map<String, List<QuestionView>> bySlug = questions.byCategories(
                categoryNodes.stream().map(CategoryNode::slug).distinct().toList());
        return categoryNodes.stream()
                .map(c -> bySlug.get(c.slug()).stream().map(QuestionNode::of).toList())
                .toList();
    }

    @Name("question")
    public List<@NonNull QuestionNode> questionOfDue(@Source List<DueNode> dueNodes) {
        return questionsOf(dueNodes, DueNode::questionNumber);
    }

    @Name("progress")
    @Description("Your progress through the bank (GET /v1/users/me/progress).")
    public @NonNull ProgressNode progressOf(@Source Me me) {
        return ProgressNode.of(reviews.progress(me.userId(), Instant.now()));
    }

    @Name("due")
    @Description("Your review queue, soonest due first, then (unless includeNew is false) the questions you have never "
            + "attempted; a Relay connection (the cursors of GET /v1/users/me/due).")
    public @NonNull DueConnection dueOf(
            @Source Me me,
            Integer first,
            String after,
            Integer last,
            String before,
            @Description("Include never-attempted questions after the due ones (default true).") Boolean includeNew) {
        DueFilter filter = DueFilter.of(includeNew == null ? null : includeNew.toString());
        PageRequest page = pageRequest("users/me/due?" + filter.scope(), first, after, last, before);
        Slice<DueView> slice = reviews.due(me.userId(), filter, page, Instant.now());
        return connection(
                page,
                slice,
                DueView::cursorKey,
                (cursor, view) -> new DueEdge(cursor, DueNode.of(view)),
                DueConnection::new);
    }

    @Name("question")
    public List<@NonNull QuestionNode> questionOf(@Source List<AttemptNode> attemptNodes) {
        return questionsOf(attemptNodes, AttemptNode::questionNumber);
    }

    /** Each parent's question, in the parents' order, with one query for the level. */
    private <P> List<QuestionNode> questionsOf(List<P> parents, Function<P, Integer> number) {
        Map<Integer, QuestionView> byNumber =
                questions.byNumbers(parents.stream().map(number).distinct().toList());
        return parents.stream()
                .map(p -> QuestionNode.of(byNumber.get(number.apply(p))))
                .toList();
    }

    @Name("attempts")
    @Description("Your attempts, newest first; a Relay connection (the cursors of GET /v1/attempts).")
    public @NonNull AttemptConnection attemptsOf(
            @Source Me me,
            Integer first,
            String after,
            Integer last,
            String before,
            @Description("Only attempts at this question.") Integer question) {
        AttemptFilter filter = AttemptFilter.of(question == null ? null : question.toString(), null, null, null);
        PageRequest page = pageRequest("attempts?" + filter.scope(), first, after, last, before);
        Slice<AttemptViews.AttemptView> slice = attempts.list(me.userId(), filter, page);
        return connection(
                page,
                slice,
                v -> List.of(v.id().toString()),
                (cursor, view) -> new AttemptEdge(cursor, AttemptNode.of(view)),
                AttemptConnection::new);
    }

    // --- Relay connections over the REST API's keyset pages and cursors.

    /**
     * first/after read forwards and last/before backwards, from a cursor of either API: the cursor's signature and
     * scope are checked as in REST, and the argument it came in decides the direction.
     */
    private PageRequest pageRequest(String scope, Integer first, String after, Integer last, String before) {
        if (first != null && last != null) {
            throw ProblemException.invalidParam("last", "give first (with after) or last (with before), not both");
        }
        boolean backwards = last != null || (before != null && after == null);
        int size = paging.size(backwards ? "last" : "first", backwards ? last : first);
        Optional<Cursor> cursor = paging.cursor(scope, backwards ? "before" : "after", backwards ? before : after)
                .map(c -> backwards ? Cursor.before(c.key()) : Cursor.after(c.key()));
        return new PageRequest(scope, size, cursor);
    }

    private <V, E, C> C connection(
            PageRequest page,
            Slice<V> slice,
            Function<V, List<Object>> keyOf,
            java.util.function.BiFunction<String, V, E> edge,
            java.util.function.BiFunction<List<E>, PageInfo, C> connection) {
        List<String> edgeCursors = slice.items().stream()
                .map(v -> paging.after(page, keyOf.apply(v)))
                .toList();
        List<E> edges = new java.util.ArrayList<>();
        for (int i = 0; i < slice.items().size(); i++) {
            edges.add(edge.apply(edgeCursors.get(i), slice.items().get(i)));
        }
        PageInfo info = new PageInfo(
                slice.hasNext(),
                slice.hasPrev(),
                edgeCursors.isEmpty() ? null : edgeCursors.get(0),
                edgeCursors.isEmpty() ? null : edgeCursors.get(edgeCursors.size() - 1));
        return connection.apply(edges, info);
    }

    /** Bean Validation of the request record, exactly as the REST resource's @Valid body; violations name the input field. */
    private void validate(AttemptViews.AttemptRequest request) {
        List<Problem.InvalidParam> params = validator.validate(request).stream()
                .map(v -> new Problem.InvalidParam(v.getPropertyPath().toString(), v.getMessage()))
                .toList();
        if (!params.isEmpty()) {
            throw ProblemException.invalidParams(params);
        }
    }
}
