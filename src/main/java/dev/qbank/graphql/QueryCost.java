package dev.qbank.graphql;

import graphql.GraphQL;
import graphql.analysis.FieldComplexityCalculator;
import graphql.analysis.FieldComplexityEnvironment;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import io.smallrye.graphql.spi.EventingService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Refuses, before it runs, a query whose answer would be too large: each field costs 1 plus what it contains,
 * multiplied by how many items a list field can hold (first/last on connections, the size of a category or of
 * a learner's attempts at one question). graphql-java's own complexity count ignores list sizes, so a few nested
 * fields (category > questions > category > questions ...) could ask for tens of thousands of objects at a cost of
 * ten; here that query costs 24,481 against a limit of {@value #MAX_COST}, while 40 questions with their categories and
 * attempts cost about 1,500. Loaded by SmallRye GraphQL through ServiceLoader (an EventingService).
 */
public class QueryCost implements EventingService, FieldComplexityCalculator {

    static final int MAX_COST = 5_000;
    /** Items assumed in lists without a size argument: the largest category holds 10 questions. */
    private static final int LIST_ITEMS = 10;

    @Override
    public String getConfigKey() {
        return null; // always on
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        List<Instrumentation> chain = new ArrayList<>();
        chain.add(builder.build().getInstrumentation());
        chain.add(new MaxQueryComplexityInstrumentation(MAX_COST, this));
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
            case "Query.categories", "Category.questions", "Question.myAttempts" -> LIST_ITEMS;
            default -> 1;
        };
    }

    private static int size(Map<String, Object> arguments) {
        Object size = arguments.get("first") != null ? arguments.get("first") : arguments.get("last");
        return size instanceof Number n ? Math.max(1, n.intValue()) : 20;
    }
}
