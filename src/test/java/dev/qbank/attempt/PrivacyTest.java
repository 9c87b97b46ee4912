package dev.qbank.attempt;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qbank.support.ApiTest;
import dev.qbank.support.Learner;
import dev.qbank.support.Rows;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A learner's attempts and keys are theirs alone: to anyone else they do not exist. */
@QuarkusTest
class PrivacyTest extends ApiTest {

    @Inject
    Rows rows;

    @Test
    void anotherLearnersAttemptCannotBeReadAndLooksLikeOneThatDoesNotExist() {
        Learner ada = Learner.signUp();
        Learner bob = Learner.signUp();
        UUID bobs = bob.record(8, "good");

        String detail = ada.request()
                .when()
                .get("/v1/attempts/" + bobs)
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://qbank.dev/problems/not-found"))
                .body(not(containsString("An answer")))
                .extract()
                .path("detail");
        UUID missing = UUID.randomUUID();
        String missingDetail = ada.request()
                .when()
                .get("/v1/attempts/" + missing)
                .then()
                .statusCode(404)
                .extract()
                .path("detail");
        assertEquals(
                missingDetail.replace(missing.toString(), bobs.toString()),
                detail,
                "same answer as for an attempt that does not exist");
        // Nor can a revalidation probe it.
        ada.request()
                .header("If-None-Match", "*")
                .when()
                .get("/v1/attempts/" + bobs)
                .then()
                .statusCode(404);
    }

    @Test
    void anotherLearnersAttemptsAreNeverListed() {
        Learner ada = Learner.signUp();
        Learner bob = Learner.signUp();
        UUID adas = ada.record(8, "good");
        bob.record(8, "good");
        bob.record(9, "good");

        ada.request()
                .when()
                .get("/v1/attempts")
                .then()
                .statusCode(200)
                .body("data.id", equalTo(List.of(adas.toString())));
        ada.request()
                .queryParam("question", 9)
                .when()
                .get("/v1/attempts")
                .then()
                .statusCode(200)
                .body("data", hasSize(0));
        ada.request()
                .when()
                .get("/v1/questions/8/attempts")
                .then()
                .statusCode(200)
                .body("data.id", equalTo(List.of(adas.toString())));
        ada.request()
                .when()
                .get("/v1/questions/9/attempts")
                .then()
                .statusCode(200)
                .body("data", hasSize(0));
    }

    @Test
    void aCursorFromAnotherLearnersListingShowsNothingOfTheirs() {
        Learner ada = Learner.signUp();
        Learner bob = Learner.signUp();
        for (int i = 0; i < 3; i++) {
            bob.record(8, "good");
        }
        String cursor = bob.request()
                .when()
                .get("/v1/attempts?limit=1")
                .then()
                .extract()
                .path("page.next_cursor");
        ada.request()
                .queryParam("limit", 1)
                .queryParam("cursor", cursor)
                .when()
                .get("/v1/attempts")
                .then()
                .statusCode(200)
                .body("data", hasSize(0));
    }

    @Test
    void anotherLearnersAttemptCannotBeDeleted() {
        Learner ada = Learner.signUp();
        Learner bob = Learner.signUp();
        UUID bobs = bob.record(8, "good");
        ada.request()
                .when()
                .delete("/v1/attempts/" + bobs)
                .then()
                .statusCode(404)
                .body("type", equalTo("https://qbank.dev/problems/not-found"));
        bob.request().when().get("/v1/attempts/" + bobs).then().statusCode(200);
        assertEquals(1, rows.attemptsOf(bob.id()));
    }

    @Test
    void anotherLearnersKeysCannotBeSeenOrRevoked() {
        Learner ada = Learner.signUp();
        Learner bob = Learner.signUp();
        ada.request()
                .when()
                .get("/v1/users/me/keys")
                .then()
                .statusCode(200)
                .body("data.id", equalTo(List.of(ada.keyId().toString())));
        ada.request()
                .when()
                .get("/v1/users/me/keys/" + bob.keyId())
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://qbank.dev/problems/not-found"))
                .body(not(containsString(bob.key().substring(0, 11))));
        ada.request()
                .when()
                .delete("/v1/users/me/keys/" + bob.keyId())
                .then()
                .statusCode(404)
                .body("type", equalTo("https://qbank.dev/problems/not-found"));
        bob.request().when().get("/v1/users/me").then().statusCode(200);
        bob.request()
                .when()
                .get("/v1/users/me/keys/" + bob.keyId())
                .then()
                .statusCode(200)
                .body("revoked_at", equalTo(null));
    }

    @Test
    void aKeyCreatedByOneLearnerBelongsToThatLearner() {
        Learner ada = Learner.signUp();
        Learner bob = Learner.signUp();
        String adasSecond = ada.json(Map.of("name", "second"))
                .when()
                .post("/v1/users/me/keys")
                .then()
                .statusCode(201)
                .extract()
                .path("secret");
        io.restassured.RestAssured.given()
                .header("Authorization", "Bearer " + adasSecond)
                .when()
                .get("/v1/users/me")
                .then()
                .body("id", equalTo(ada.id().toString()));
        bob.request().when().get("/v1/users/me/keys").then().body("data", hasSize(1));
    }
}
