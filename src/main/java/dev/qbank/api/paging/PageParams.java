package dev.qbank.api.paging;

import dev.qbank.api.Routes;
import dev.qbank.api.input.TypedParameters;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The paging parameters every collection takes, declared once as a {@code @BeanParam}: {@code limit} and
 * {@code cursor}, with the route they were sent to. {@link Paging#request} validates them and binds cursors to the
 * route and its filters.
 */
public class PageParams {

    private static final Pattern TEMPLATE_PARAMETER = Pattern.compile("\\{\\s*(\\w[\\w.-]*)\\s*(?::[^}]*)?}");
    private static final String VERSION = "/v1/";

    @QueryParam("limit")
    String limit;

    @QueryParam("cursor")
    String cursor;

    @Context
    UriInfo uri;

    @Context
    ResourceInfo resource;

    /**
     * The collection a cursor is bound to: the route's template without {@code /v1/}, its path parameters in the form
     * the method receives them (so {@code /v1/questions/08/attempts} is {@code questions/8/attempts}, as is
     * {@code /v1/questions/8/attempts}).
     */
    String collection() {
        Method method = resource.getResourceMethod();
        String template = Routes.template(resource.getResourceClass(), method);
        if (template.startsWith(VERSION)) {
            template = template.substring(VERSION.length());
        }
        Matcher matcher = TEMPLATE_PARAMETER.matcher(template);
        StringBuilder collection = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String raw = uri.getPathParameters(true).getFirst(name);
            matcher.appendReplacement(
                    collection, Matcher.quoteReplacement(TypedParameters.canonical(typeOf(method, name), raw, name)));
        }
        matcher.appendTail(collection);
        return collection.toString();
    }

    private static Class<?> typeOf(Method method, String pathParameter) {
        for (Parameter parameter : method.getParameters()) {
            PathParam path = parameter.getAnnotation(PathParam.class);
            if (path != null && path.value().equals(pathParameter)) {
                return parameter.getType();
            }
        }
        return String.class;
    }
}
