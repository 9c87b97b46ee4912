package dev.qbank.api;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a resource method's annotations say about its route: its HTTP method and its path template. */
public final class Routes {

    private static final Pattern TEMPLATE_PARAMETER = Pattern.compile("\\{\\s*(\\w[\\w.-]*)\\s*(?::[^}]*)?}");

    private Routes() {}

    /** The template with each {@code {name}} (or {@code {name: regex}}) replaced by {@code value.apply(name)}. */
    public static String fill(String template, Function<String, String> value) {
        Matcher matcher = TEMPLATE_PARAMETER.matcher(template);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value.apply(matcher.group(1))));
        }
        matcher.appendTail(filled);
        return filled.toString();
    }

    /** E.g. "POST" for a method annotated {@code @POST}; null for a method that serves no HTTP method. */
    public static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    /** E.g. "/v1/webhooks/{id}/test": the class's {@code @Path} and the method's, joined. */
    public static String template(Class<?> resource, Method method) {
        Path classPath = resource.getAnnotation(Path.class);
        Path methodPath = method.getAnnotation(Path.class);
        String joined = ("/" + (classPath == null ? "" : classPath.value()) + "/"
                        + (methodPath == null ? "" : methodPath.value()))
                .replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }
}
