package dev.qbank.api.input;

import dev.qbank.api.problem.ProblemException;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.UUID;

/**
 * Path and query parameters declared as {@code UUID} or {@code int} are converted here, and a bad value is our 400
 * problem naming the parameter (Quarkus REST's own converters answer a bad path value with a bare 404). Quarkus REST
 * wraps what a converter throws in a NotFoundException; ProblemMappers answers with the problem inside.
 */
@Provider
public class TypedParameters implements ParamConverterProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        String name = name(annotations);
        if (name == null) {
            return null;
        }
        if (rawType == UUID.class) {
            return (ParamConverter<T>) new Converter<>(raw -> Ids.uuid(raw, name));
        }
        if (rawType == Integer.class || rawType == int.class) {
            return (ParamConverter<T>) new Converter<>(raw -> positiveInt(raw, name));
        }
        return null;
    }

    /** A path parameter's value in the form a method declared with {@code type} receives it, as text. */
    public static String canonical(Class<?> type, String raw, String name) {
        if (type == UUID.class) {
            return Ids.uuid(raw, name).toString();
        }
        if (type == Integer.class || type == int.class) {
            return String.valueOf(positiveInt(raw, name));
        }
        return raw;
    }

    /** A positive int, such as a question's number. */
    static int positiveInt(String raw, String name) {
        try {
            int number = Integer.parseInt(raw);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // fall through to the problem
        }
        throw ProblemException.invalidParam(name, "must be a positive integer, such as 8");
    }

    private static String name(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            if (annotation instanceof PathParam path) {
                return path.value();
            }
            if (annotation instanceof QueryParam query) {
                return query.value();
            }
        }
        return null;
    }

    private record Converter<T>(java.util.function.Function<String, T> parse) implements ParamConverter<T> {

        @Override
        public T fromString(String value) {
            return value == null ? null : parse.apply(value);
        }

        @Override
        public String toString(T value) {
            return String.valueOf(value);
        }
    }
}
