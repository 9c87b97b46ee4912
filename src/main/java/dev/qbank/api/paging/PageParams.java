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

/**
 * The paging parameters every collection takes, declared once as a {@code @BeanParam}: {@code limit} and
 * {@code cursor}, with the route they were sent to. {@link Paging#request} validates them and binds cursors to the
 * route and its filters.
 */
public class PageParams {

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
        return Routes.fill(
                template,
                name -> TypedParameters.canonical(
                        typeOf(method, name), uri.getPathParameters(true).getFirst(name), name));
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
