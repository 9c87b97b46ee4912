package dev.qbank.api.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qbank.attempt.AttemptResource;
import dev.qbank.category.CategoryResource;
import dev.qbank.imports.ImportResource;
import dev.qbank.question.QuestionResource;
import dev.qbank.quiz.QuizResource;
import dev.qbank.user.UserResource;
import dev.qbank.webhook.WebhookResource;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The request lines that idempotency fingerprints are made of are stored with every key for 24 hours; they are the
 * strings the resources typed by hand before @Idempotent derived them, so a retry across a deploy still matches.
 */
class IdempotentRoutesTest {

    @Test
    void derivedRequestLinesAreTheOnesStoredBefore() {
        assertEquals("POST /v1/attempts", line(AttemptResource.class, "record"));
        assertEquals("POST /v1/categories", line(CategoryResource.class, "create"));
        assertEquals("POST /v1/questions", line(QuestionResource.class, "create"));
        assertEquals("POST /v1/users", line(UserResource.class, "signUp"));
        assertEquals("POST /v1/users/me/keys", line(UserResource.class, "createKey"));
        assertEquals("POST /v1/quizzes", line(QuizResource.class, "create"));
        assertEquals("POST /v1/quizzes/reset", line(QuizResource.class, "reset"));
        assertEquals("POST /v1/webhooks", line(WebhookResource.class, "register"));
        assertEquals("POST /v1/imports", line(ImportResource.class, "create"));
        UUID id = UUID.fromString("0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b");
        Method test = method(WebhookResource.class, "test");
        Object[] arguments = new Object[test.getParameterCount()];
        arguments[0] = id;
        assertEquals(
                "POST /v1/webhooks/" + id + "/test",
                IdempotentInterceptor.route(test).request(arguments));
    }

    private static String line(Class<?> resource, String name) {
        Method method = method(resource, name);
        return IdempotentInterceptor.route(method).request(new Object[method.getParameterCount()]);
    }

    private static Method method(Class<?> resource, String name) {
        return Arrays.stream(resource.getDeclaredMethods())
                .filter(m -> m.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
