import dev.qbank.client.ApiClient;
import dev.qbank.client.api.AttemptsApi;
import dev.qbank.client.api.QuestionsApi;
import dev.qbank.client.api.UsersApi;
import dev.qbank.client.model.AttemptRequest;
import dev.qbank.client.model.AttemptView;
import dev.qbank.client.model.QuestionSearchPage;
import dev.qbank.client.model.SignUpRequest;
import dev.qbank.client.model.SignUpView;
import java.util.UUID;

/**
 * Smoke flow of the Java client generated from openapi/openapi.yaml by openapi-generator 7.25.0: list, next page,
 * sign up, record an attempt (and replay it). Run by .ci/contract-gate against a running service.
 */
public class Smoke {

    public static void main(String[] args) throws Exception {
        ApiClient client = new ApiClient();
        client.updateBaseUri(args[0]);
        QuestionsApi questions = new QuestionsApi(client);

        QuestionSearchPage first = questions.listQuestions(null, null, null, 7, null, null, null, null);
        check(first.getData().size() == 7, "the first page holds 7 questions");
        check(first.getData().get(0).getNumber() == 1, "the first page starts at question 1");
        QuestionSearchPage second = questions.listQuestions(null, first.getPage().getNextCursor(), null, 7, null, null, null, null);
        check(second.getData().get(0).getNumber() == 8, "the next page starts at question 8");

        SignUpView signUp = new UsersApi(client).signUp(new SignUpRequest().name("client smoke"), "\"smoke-" + UUID.randomUUID() + "\"");
        String secret = signUp.getApiKey().getSecret();
        check(secret.startsWith("qb_"), "sign-up returns a qb_ key");

        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + secret));
        AttemptsApi attempts = new AttemptsApi(client);
        String key = "\"attempt-" + UUID.randomUUID() + "\"";
        AttemptRequest request = new AttemptRequest().question(8).answer("Keyset pagination seeks past the last key.")
                .rating(AttemptRequest.RatingEnum.GOOD).durationMs(42_000);
        AttemptView attempt = attempts.recordAttempt(request, key);
        check(attempt.getQuestion() == 8, "the attempt is recorded for question 8");
        AttemptView replay = attempts.recordAttempt(request, key);
        check(replay.getId().equals(attempt.getId()), "a retry with the same Idempotency-Key replays the same attempt");
        System.out.println("client smoke: OK (list, next page, sign up, record attempt, idempotent replay)");
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError("client smoke failed: " + what);
        }
        System.out.println("  ok: " + what);
    }
}
