package dev.qbank.graphql;

import dev.qbank.api.problem.DatabaseUnavailable;
import dev.qbank.api.problem.Problem;
import dev.qbank.api.problem.ProblemException;
import dev.qbank.api.problem.ProblemType;
import io.smallrye.graphql.api.ErrorExtensionProvider;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonValue;
import java.util.List;

/**
 * GraphQL errors carry what a REST problem would (RFC 9457's type and status, and invalid_params for bad input) in
 * their {@code extensions}, so a client handles the same kinds of failure the same way over either API. Loaded by
 * SmallRye GraphQL through ServiceLoader; the keys it shows are listed in quarkus.smallrye-graphql.error-extension-fields.
 */
public final class ProblemExtensions {

    private ProblemExtensions() {}

    static Problem problemOf(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProblemException problem) {
                return problem.problem();
            }
            if (t instanceof QueryCost.Refusal refusal) {
                return refusal.problem();
            }
        }
        if (DatabaseUnavailable.causedBy(exception)) {
            return DatabaseUnavailable.problem();
        }
        return Problem.of(ProblemType.INTERNAL, "Server error.");
    }

    /** {@code extensions.type}: the problem type URI, e.g. https://qbank.dev/problems/unauthorized. */
    public static final class Type implements ErrorExtensionProvider {
        @Override
        public String getKey() {
            return "type";
        }

        @Override
        public JsonValue mapValueFrom(Throwable exception) {
            return Json.createValue(problemOf(exception).getType());
        }
    }

    /** {@code extensions.status}: the HTTP status the same failure has in the REST API. */
    public static final class Status implements ErrorExtensionProvider {
        @Override
        public String getKey() {
            return "status";
        }

        @Override
        public JsonValue mapValueFrom(Throwable exception) {
            return Json.createValue(problemOf(exception).getStatus());
        }
    }

    /** {@code extensions.invalid_params}: each invalid argument and why, for validation failures. */
    public static final class InvalidParams implements ErrorExtensionProvider {
        @Override
        public String getKey() {
            return "invalid_params";
        }

        @Override
        public JsonValue mapValueFrom(Throwable exception) {
            Object params = problemOf(exception).getExtensions().get("invalid_params");
            if (!(params instanceof List<?> list)) {
                return JsonValue.NULL;
            }
            JsonArrayBuilder array = Json.createArrayBuilder();
            for (Object item : list) {
                if (item instanceof Problem.InvalidParam param) {
                    array.add(
                            Json.createObjectBuilder().add("name", param.name()).add("reason", param.reason()));
                }
            }
            return array.build();
        }
    }
}
