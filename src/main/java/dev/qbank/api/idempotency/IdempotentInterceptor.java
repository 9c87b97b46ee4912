package dev.qbank.api.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qbank.api.Routes;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs an {@link Idempotent} resource method through {@link Idempotency#execute}. It runs after the method's
 * parameters are validated (Hibernate Validator's interceptor has priority PLATFORM_AFTER + 800), so an invalid body is
 * answered as before, without touching the key.
 */
@Idempotent
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER + 900)
class IdempotentInterceptor {

    /** What the interceptor reads from a method's declaration, once per method. */
    record Route(String verb, String template, int keyIndex, int bodyIndex, Map<String, Integer> pathIndexes) {

        /** E.g. "POST /v1/webhooks/0193a1b2-.../test": the template with the method's (converted) path parameters. */
        String request(Object[] arguments) {
            return verb + " "
                    + Routes.fill(template, name -> {
                        Integer index = pathIndexes.get(name);
                        if (index == null) {
                            throw new IllegalStateException("@Idempotent method lacks @PathParam " + name);
                        }
                        return String.valueOf(arguments[index]);
                    });
        }
    }

    private static final Map<Method, Route> ROUTES = new ConcurrentHashMap<>();

    private final Idempotency idempotency;
    private final IdempotencyScope caller;
    private final ObjectMapper mapper;

    IdempotentInterceptor(Idempotency idempotency, IdempotencyScope caller, ObjectMapper mapper) {
        this.idempotency = idempotency;
        this.caller = caller;
        this.mapper = mapper;
    }

    @AroundInvoke
    Object execute(InvocationContext invocation) throws Exception {
        Route route = route(invocation.getMethod());
        Object[] arguments = invocation.getParameters();
        String key = (String) arguments[route.keyIndex()];
        return idempotency.execute(
                caller.scope(), key, route.request(arguments), body(invocation.getMethod(), route, arguments), () -> {
                    try {
                        return (Response) invocation.proceed();
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    /** The body as fingerprinted: none is null; an absent optional body counts as an empty object, as {} would. */
    private Object body(Method method, Route route, Object[] arguments) throws JsonProcessingException {
        if (route.bodyIndex() < 0) {
            return null;
        }
        Object body = arguments[route.bodyIndex()];
        return body != null ? body : mapper.readValue("{}", method.getParameterTypes()[route.bodyIndex()]);
    }

    static Route route(Method method) {
        return ROUTES.computeIfAbsent(method, IdempotentInterceptor::read);
    }

    private static Route read(Method method) {
        String verb = Routes.httpMethod(method);
        String template = Routes.template(method.getDeclaringClass(), method);
        int keyIndex = -1;
        int bodyIndex = -1;
        Map<String, Integer> pathIndexes = new ConcurrentHashMap<>();
        Parameter[] parameters = method.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            HeaderParam header = parameters[i].getAnnotation(HeaderParam.class);
            PathParam path = parameters[i].getAnnotation(PathParam.class);
            if (header != null && header.value().equalsIgnoreCase(Idempotency.HEADER)) {
                keyIndex = i;
            } else if (path != null) {
                pathIndexes.put(path.value(), i);
            } else if (isEntity(parameters[i])) {
                bodyIndex = i;
            }
        }
        if (verb == null || keyIndex < 0) {
            throw new IllegalStateException(method
                    + " is @Idempotent but lacks an HTTP method or a @HeaderParam(Idempotency.HEADER) parameter");
        }
        return new Route(verb, template, keyIndex, bodyIndex, Map.copyOf(pathIndexes));
    }

    /** The entity parameter: the one no JAX-RS annotation (such as @Context or @QueryParam) binds. */
    private static boolean isEntity(Parameter parameter) {
        for (Annotation annotation : parameter.getAnnotations()) {
            if (annotation.annotationType().getPackageName().equals("jakarta.ws.rs")
                    || annotation.annotationType().getPackageName().equals("jakarta.ws.rs.core")) {
                return false;
            }
        }
        return true;
    }
}
