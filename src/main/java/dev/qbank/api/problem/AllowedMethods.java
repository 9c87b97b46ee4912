package dev.qbank.api.problem;

import dev.qbank.api.Routes;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The methods each route supports, for the {@code Allow} header that RFC 9110 section 15.5.6 requires on a 405
 * (Quarkus REST's own 405 carries none). Read once from the resource classes' annotations.
 */
@ApplicationScoped
class AllowedMethods {

    private record Route(Pattern path, String method) {}

    private volatile List<Route> routes;

    /** E.g. "GET, HEAD, OPTIONS" for /v1/questions/7. */
    public String allowFor(String path) {
        Set<String> methods = new TreeSet<>();
        for (Route route : routes()) {
            if (route.path().matcher(path).matches()) {
                methods.add(route.method());
            }
        }
        if (methods.isEmpty()) {
            return null;
        }
        if (methods.contains(HttpMethod.GET)) {
            methods.add(HttpMethod.HEAD);
        }
        methods.add(HttpMethod.OPTIONS);
        return String.join(", ", methods);
    }

    private List<Route> routes() {
        List<Route> current = routes;
        if (current == null) {
            current = new ArrayList<>();
            for (Bean<?> bean : Arc.container().beanManager().getBeans(Object.class)) {
                Class<?> type = bean.getBeanClass();
                Path classPath = type.getAnnotation(Path.class);
                if (classPath == null || !type.getPackageName().startsWith("dev.qbank")) {
                    continue;
                }
                for (Method method : type.getMethods()) {
                    String verb = Routes.httpMethod(method);
                    if (verb != null) {
                        String template = Routes.template(type, method);
                        current.add(new Route(Pattern.compile(template.replaceAll("\\{[^}]+}", "[^/]+")), verb));
                    }
                }
            }
            routes = current;
        }
        return current;
    }
}
