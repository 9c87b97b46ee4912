package dev.qbank.user;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qbank.support.ApiTest;
import dev.qbank.support.Learner;
import dev.qbank.support.Rows;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6750 Bearer authentication: 401 with a challenge for a missing or refused key, 403 for the wrong role. */
@QuarkusTest
class AuthenticationTest extends ApiTest {

    /** The test profile's admin key (application.properties, %test.qbank.admin.key). */
    static final String ADMIN_KEY = dev.qbank.support.Keys.ADMIN;

    private static final String CHALLENGE = "Bearer realm=\"qbank\"";
    private static final String INVALID_TOKEN = "Bearer realm=\"qbank\", error=\"invalid_token\"";

    @Inject
    Rows rows;

    @ParameterizedTest
    @ValueSource(strings = {"/v1/users/me", "/v1/users/me/keys", "/v1/attempts", "/v1/questions/8/attempts"})
    void aProtectedRouteWithoutAKeyIsAnUnauthorizedProblemWithAChallenge(String path) {
        given().when()
                .get(path)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo(CHALLENGE))
                .header("Cache-Control", equalTo("no-store"))
                .body("type", equalTo("https://qbank.dev/problems/unauthorized"))
                .body("status", equalTo(401))
                .body("detail", containsString("Bearer"));
    }

    @Test
    void writingWithoutAKeyIsUnauthorizedAndWritesNothing() {
        long before = rows.attempts();
        given().contentType("application/json")
                .body(Learner.attempt(8, "good"))
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", equalTo(CHALLENGE));
        given().when()
                .delete("/v1/attempts/0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b")
                .then()
                .statusCode(401);
        given().contentType("application/json")
                .body("{}")
                .when()
                .post("/v1/users/me/keys")
                .then()
                .statusCode(401);
        assertEquals(before, rows.attempts());
    }

    @Test
    void anUnknownKeyIsRefusedAsAnInvalidToken() {
        for (String key : List.of("qb_0000000000000000000000000000000000000000000", "not-a-key", "x".repeat(201))) {
            given().header("Authorization", "Bearer " + key)
                    .when()
                    .get("/v1/users/me")
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", equalTo(INVALID_TOKEN))
                    .body("type", equalTo("https://qbank.dev/problems/invalid-api-key"))
                    .body("detail", org.hamcrest.Matchers.not(containsString(key)));
        }
    }

    @Test
    void aRevokedKeyIsRefusedAsAnInvalidToken() {
        Learner ada = Learner.signUp();
        ada.request().when().delete("/v1/users/me/keys/" + ada.keyId()).then().statusCode(204);
        ada.request()
                .when()
                .get("/v1/attempts")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", equalTo(INVALID_TOKEN))
                .body("type", equalTo("https://qbank.dev/problems/invalid-api-key"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic YWRhOnNlY3JldA==", "Token qb_abc", "qb_abc", "Bearer", "Bearer ", "Bearer    "})
    void anAuthorizationThatIsNotABearerKeyIsRefused(String authorization) {
        given().header("Authorization", authorization)
                .when()
                .get("/v1/users/me")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo(INVALID_TOKEN))
                .body("type", equalTo("https://qbank.dev/problems/invalid-api-key"));
    }

    @Test
    void aBadKeyIsRefusedOnPublicRoutesToo() {
        given().header("Authorization", "Bearer qb_wrong")
                .when()
                .get("/v1/questions/8")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", equalTo(INVALID_TOKEN));
        given().when().get("/v1/questions/8").then().statusCode(200);
    }

    @Test
    void theBearerSchemeIsCaseInsensitive() {
        Learner ada = Learner.signUp();
        given().header("Authorization", "bearer " + ada.key())
                .when()
                .get("/v1/users/me")
                .then()
                .statusCode(200)
                .body("id", equalTo(ada.id().toString()));
        given().header("Authorization", "BEARER " + ada.key())
                .when()
                .get("/v1/users/me")
                .then()
                .statusCode(200);
    }

    @Test
    void theAdminKeyIsTheAdmin() {
        given().header("Authorization", "Bearer " + ADMIN_KEY)
                .when()
                .get("/v1/users/me")
                .then()
                .statusCode(200)
                .header("Cache-Control", equalTo("private, no-cache"))
                .body("role", equalTo("admin"))
                .body("name", equalTo("admin"))
                .body("id", nullValue());
    }

    @Test
    void theAdminKeyCannotRecordOrReadAttemptsBecauseTheAdminIsNotALearner() {
        long before = rows.attempts();
        given().header("Authorization", "Bearer " + ADMIN_KEY)
                .contentType("application/json")
                .body(Learner.attempt(8, "good"))
                .when()
                .post("/v1/attempts")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://qbank.dev/problems/forbidden"))
                .body("status", equalTo(403))
                .body("detail", containsString("POST /v1/users"));
        given().header("Authorization", "Bearer " + ADMIN_KEY)
                .when()
                .get("/v1/attempts")
                .then()
                .statusCode(403)
                .body("type", equalTo("https://qbank.dev/problems/forbidden"));
        given().header("Authorization", "Bearer " + ADMIN_KEY)
                .when()
                .get("/v1/users/me/keys")
                .then()
                .statusCode(403);
        assertEquals(before, rows.attempts());
    }

    @Test
    void aKeyOneCharacterOffTheAdminKeyIsNotTheAdmin() {
        String almost = ADMIN_KEY.substring(0, ADMIN_KEY.length() - 1) + "2";
        given().header("Authorization", "Bearer " + almost)
                .when()
                .get("/v1/users/me")
                .then()
                .statusCode(401)
                .body("type", equalTo("https://qbank.dev/problems/invalid-api-key"));
    }
}
