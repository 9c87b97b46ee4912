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
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
        Route route = ROUTES.computeIfAbsent(
                resource.getResourceMethod(), method -> Route.of(resource.getResourceClass(), method));
        return Routes.fill(
                route.template(),
                name -> TypedParameters.canonical(
                        route.pathTypes().getOrDefault(name, String.class),
                        uri.getPathParameters(true).getFirst(name),
                        name));
    }

    /** What a list method's declaration says, read once per method: its template without /v1/, its path types. */
    private record Route(String template, Map<String, Class<?>> pathTypes) {

        static Route of(Class<?> resource, Method method) {
            String template = Routes.template(resource, method);
            if (template.startsWith(VERSION)) {
                template = template.substring(VERSION.length());
            }
            Map<String, Class<?>> pathTypes = new HashMap<>();
            for (Parameter parameter : method.getParameters()) {
                PathParam path = parameter.getAnnotation(PathParam.class);
                if (path != null) {
                    pathTypes.put(path.value(), parameter.getType());
                }
            }
            return new Route(template, Map.copyOf(pathTypes));
        }
    }

    private static final Map<Method, Route> ROUTES = new ConcurrentHashMap<>();
}
