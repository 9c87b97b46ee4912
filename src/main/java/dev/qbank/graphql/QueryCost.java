package dev.qbank.graphql;

import dev.qbank.api.problem.Problem;
import dev.qbank.api.problem.ProblemType;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.analysis.FieldComplexityCalculator;
import graphql.analysis.FieldComplexityEnvironment;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import io.smallrye.graphql.spi.EventingService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Refuses, before it runs, a query whose answer would be too large: each field costs 1 plus what it contains,
 * multiplied by how many items a list field can hold (first/last on connections, the size of a category or of
 * a learner's attempts at one question). graphql-java's own complexity count ignores list sizes, so a few nested
 * fields (category > questions > category > questions ...) could ask for tens of thousands of objects at a cost of
 * ten; here that query costs 24,481 against a limit of {@value #MAX_COST}, while 40 questions with their categories and
 * attempts cost about 1,500. Every field counts, each alias of it again. Depth is limited to {@value #MAX_DEPTH}
 * levels, and a request runs at most {@value #MAX_MUTATIONS} mutation: a request is charged one rate-limit token, as
 * a REST POST is, so it may do one write, as a REST POST does (30 aliased recordAttempt mutations in one request were
 * 30 writes for one token). Every refusal is a GraphQL error whose extensions carry a problem type and status, like
 * every other error. An operation other than a query sent with GET is refused too (a 405, {@link GraphQLOverHttp}).
 * Loaded by SmallRye GraphQL through ServiceLoader (an EventingService).
 */
public class QueryCost implements EventingService, FieldComplexityCalculator {

    static final int MAX_COST = 5_000;
    static final int MAX_DEPTH = 15;
    static final int MAX_MUTATIONS = 1;
    /** Question.myAttempts: the newest attempts at the question, at most this many (its first argument). */
    static final int MY_ATTEMPTS_DEFAULT = 10;

    static final int MY_ATTEMPTS_MAX = 50;
    /** Items assumed in lists without a size argument: the largest category holds 10 questions. */
    private static final int LIST_ITEMS = 10;

    /** A query refused before it runs, with the problem whose type and status its error's extensions carry. */
    static final class Refusal extends AbortExecutionException {
        private final transient Problem problem;

        Refusal(ProblemType type, String message) {
            super(message);
            this.problem = Problem.of(type, message);
        }

        Problem problem() {
            return problem;
        }

        @Override
        public Map<String, Object> getExtensions() {
            Map<String, Object> extensions = new LinkedHashMap<>();
            extensions.put("classification", "ExecutionAborted");
            extensions.put("type", problem.getType());
            extensions.put("status", problem.getStatus());
            return extensions;
        }
    }

    @Override
    public String getConfigKey() {
        return null; // always on
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        List<Instrumentation> chain = new ArrayList<>();
        chain.add(builder.build().getInstrumentation());
        chain.add(new MutationCap());
        chain.add(new MaxQueryDepthInstrumentation(MAX_DEPTH) {
            @Override
            protected AbortExecutionException mkAbortException(int depth, int maximumDepth) {
                return new Refusal(
                        ProblemType.QUERY_TOO_COSTLY, "maximum query depth exceeded " + depth + " > " + maximumDepth);
            }
        });
        chain.add(new MaxQueryComplexityInstrumentation(MAX_COST, this) {
            @Override
            protected AbortExecutionException mkAbortException(int cost, int maximumCost) {
                return new Refusal(
                        ProblemType.QUERY_TOO_COSTLY,
                        "maximum query complexity exceeded " + cost + " > " + maximumCost
                                + " (a field weighs 1 plus its contents times the items its list can hold)");
            }
        });
        return builder.instrumentation(new ChainedInstrumentation(chain));
    }

    @Override
    public int calculate(FieldComplexityEnvironment environment, int childComplexity) {
        String parent = environment.getParentType().getName();
        return 1 + childComplexity * items(parent, environment.getField().getName(), environment.getArguments());
    }

    private static int items(String parent, String field, Map<String, Object> arguments) {
        return switch (parent + "." + field) {
            case "Query.questions", "Me.attempts" -> size(arguments);
            case "Question.myAttempts" ->
                arguments.get("first") instanceof Number n ? Math.max(1, n.intValue()) : MY_ATTEMPTS_DEFAULT;
            case "Query.categories", "Category.questions" -> LIST_ITEMS;
            default -> 1;
        };
    }

    private static int size(Map<String, Object> arguments) {
        Object size = arguments.get("first") != null ? arguments.get("first") : arguments.get("last");
        return size instanceof Number n ? Math.max(1, n.intValue()) : 20;
    }

    /** Refuses an operation with more mutation fields (aliases and fragments included) than {@value #MAX_MUTATIONS}. */
    private static final class MutationCap extends SimplePerformantInstrumentation {
        @Override
        public InstrumentationContext<ExecutionResult> beginExecuteOperation(
                InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
            var execution = parameters.getExecutionContext();
            OperationDefinition operation = execution.getOperationDefinition();
            if (operation.getOperation() != OperationDefinition.Operation.QUERY
                    && "GET".equals(execution.getGraphQLContext().get(GraphQLOverHttp.HTTP_METHOD))) {
                // GraphQL over HTTP: GET is safe (RFC 9110), so it never runs a mutation; the operation is the one
                // graphql-java chose to run (by operationName among several), so no spelling of the document hides one.
                throw new Refusal(
                        ProblemType.METHOD_NOT_ALLOWED,
                        "A " + operation.getOperation().name().toLowerCase(java.util.Locale.ROOT)
                                + " cannot be sent with GET, which is safe: POST it.");
            }
            if (operation.getOperation() == OperationDefinition.Operation.MUTATION) {
                int mutations = fields(operation.getSelectionSet(), execution.getFragmentsByName(), new HashSet<>());
                if (mutations > MAX_MUTATIONS) {
                    throw new Refusal(
                            ProblemType.TOO_MANY_MUTATIONS,
                            "A request may run at most " + MAX_MUTATIONS
                                    + " mutation; this one has " + mutations
                                    + ". Send one request per write (each is charged "
                                    + "one rate-limit token, as a REST POST is).");
                }
            }
            return super.beginExecuteOperation(parameters, state);
        }

        private static int fields(
                SelectionSet selections, Map<String, FragmentDefinition> fragments, Set<String> seen) {
            int count = 0;
            for (Selection<?> selection : selections.getSelections()) {
                if (selection instanceof Field) {
                    count++;
                } else if (selection instanceof InlineFragment inline) {
                    count += fields(inline.getSelectionSet(), fragments, seen);
                } else if (selection instanceof FragmentSpread spread
                        && seen.add(spread.getName())
                        && fragments.get(spread.getName()) != null) {
                    count += fields(fragments.get(spread.getName()).getSelectionSet(), fragments, seen);
                }
            }
            return count;
        }
    }
}
