package dev.qbank.api.problem;

import java.util.List;

/** Thrown anywhere to end the request with a problem response; mapped by {@link ProblemMappers}. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.getDetail(), null, false, false);
        this.problem = problem;
    }

    public ProblemException(ProblemType type, String detail) {
        this(Problem.of(type, detail));
    }

    public static ProblemException invalidParam(String name, String reason) {
        return new ProblemException(Problem.of(ProblemType.INVALID_PARAMETERS, "Invalid " + name + ": " + reason)
                .withInvalidParams(List.of(new Problem.InvalidParam(name, reason))));
    }

    /**
     * Several invalid parameters at once (a request body's bean constraints, over REST or GraphQL alike): listed by
     * name, and named in the detail.
     */
    public static ProblemException invalidParams(List<Problem.InvalidParam> params) {
        List<Problem.InvalidParam> sorted = params.stream()
                .sorted(java.util.Comparator.comparing(Problem.InvalidParam::name))
                .toList();
        String names = String.join(
                ", ", sorted.stream().map(Problem.InvalidParam::name).distinct().toList());
        return new ProblemException(Problem.of(ProblemType.INVALID_PARAMETERS, "Invalid " + names + ".")
                .withInvalidParams(sorted));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(ProblemType.NOT_FOUND, detail);
    }

    public Problem problem() {
        return problem;
    }
}
