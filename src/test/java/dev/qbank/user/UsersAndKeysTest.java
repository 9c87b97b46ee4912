package dev.qbank.user;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qbank.support.ApiTest;
import dev.qbank.support.Learner;
import dev.qbank.support.Rows;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Sign-up and API keys: a secret is shown once, kept only as its SHA-256, and stops working when revoked. */
@QuarkusTest
class UsersAndKeysTest extends ApiTest {

    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Inject
    Rows rows;

    @Test
    void signUpCreatesAUserAndShowsTheirFirstKeyOnce() {
        Response response = given().contentType("application/json")
                .body(Map.of("name", "Ada"))
                .when()
                .post("/v1/users");
        response.then()
                .statusCode(201)
                .contentType("application/json")
                .header("Cache-Control", equalTo("no-store"))
                .header("ETag", notNullValue())
                .body("user.id", matchesPattern(UUID_PATTERN))
                .body("user.name", equalTo("Ada"))
                .body("user.role", equalTo("user"))
                .body("user.created_at", notNullValue())
                .body("user._links.self.href", equalTo("/v1/users/me"))
                .body("api_key.id", matchesPattern(UUID_PATTERN))
                .body("api_key.secret", matchesPattern("^qb_[0-9A-Za-z]{43}$"))
                .body("api_key.created_at", notNullValue());
        JsonPath body = response.jsonPath();
        String userId = body.getString("user.id");
        String secret = body.getString("api_key.secret");
        assertTrue(
                response.header("Location").matches("^http://[^/]+/v1/users/" + userId + "$"),
                "Location is the absolute URL of the user: " + response.header("Location"));
        assertEquals(
                secret.substring(0, 11), body.getString("api_key.prefix"), "the prefix is the start of the secret");

        given().header("Authorization", "Bearer " + secret)
                .when()
                .get("/v1/users/me")
                .then()
                .statusCode(200)
                .body("id", equalTo(userId))
                .body("name", equalTo("Ada"))
                .body("role", equalTo("user"));
    }

    @Test
    void secretsAreLongRandomAndNeverRepeat() {
        Set<String> secrets = new HashSet<>();
        Set<Character> alphabet = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            String secret = Learner.signUp().key();
            assertTrue(secrets.add(secret), "a secret is never issued twice");
            assertTrue(secret.length() >= 40, "256 random bits take 43 base62 characters");
            secret.substring(3).chars().forEach(c -> alphabet.add((char) c));
        }
        // 8 x 43 characters drawn uniformly from 62: a fixed or low-entropy generator would use far fewer.
        assertTrue(alphabet.size() > 50, "secrets use the whole base62 alphabet, saw only " + alphabet.size());
    }

    @Test
    void theSecretNeverAppearsAgainInAnyResponse() {
        Learner ada = Learner.signUp();
        String hidden = ada.key().substring(11);

        for (String path : List.of(
                "/v1/users/me", "/v1/users/" + ada.id(), "/v1/users/me/keys", "/v1/users/me/keys/" + ada.keyId())) {
            String body = ada.request()
                    .when()
                    .get(path)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertFalse(body.contains(ada.key()), path + " shows the secret");
            assertFalse(body.contains(hidden), path + " shows the hidden part of the secret");
            assertFalse(body.contains("secret"), path + " has a secret field");
        }
        ada.request()
                .when()
                .get("/v1/users/me/keys")
                .then()
                .statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].id", equalTo(ada.keyId().toString()))
                .body("data[0].prefix", equalTo(ada.key().substring(0, 11)))
                .body("data[0].created_at", notNullValue())
                .body("data[0].last_used_at", notNullValue())
                .body("data[0].revoked_at", nullValue());
    }

    @Test
    void theDatabaseHoldsOnlyTheSha256OfTheSecret() throws Exception {
        Learner ada = Learner.signUp();
        byte[] secretBytes = ada.key().getBytes(StandardCharsets.UTF_8);

        List<Object[]> stored =
                rows.list("SELECT hash, prefix, coalesce(name, '') FROM api_keys WHERE id = ?1", ada.keyId());
        assertEquals(1, stored.size());
        byte[] hash = (byte[]) stored.get(0)[0];
        assertArrayEquals(
                MessageDigest.getInstance("SHA-256").digest(secretBytes), hash, "hash is SHA-256 of the secret");
        assertEquals(ada.key().substring(0, 11), stored.get(0)[1]);

        String everything = rows.everything();
        assertFalse(everything.contains(ada.key()), "the secret is stored in clear somewhere");
        assertFalse(everything.contains(ada.key().substring(11)), "the hidden part of the secret is stored somewhere");
        assertFalse(
                everything.contains(HexFormat.of().formatHex(secretBytes)), "the secret's bytes are stored somewhere");
    }

    @Test
    void anotherKeyCanBeCreatedAndWorks() {
        Learner ada = Learner.signUp();
        Response response = ada.json(Map.of("name", "laptop")).when().post("/v1/users/me/keys");
        response.then()
                .statusCode(201)
                .header("Cache-Control", equalTo("no-store"))
                .body("name", equalTo("laptop"))
                .body("secret", matchesPattern("^qb_[0-9A-Za-z]{43}$"));
        String id = response.path("id");
        String secret = response.path("secret");
        assertNotEquals(ada.key(), secret);
        assertTrue(
                response.header("Location").matches("^http://[^/]+/v1/users/me/keys/" + id + "$"),
                response.header("Location"));

        given().header("Authorization", "Bearer " + secret)
                .when()
                .get("/v1/users/me")
                .then()
                .statusCode(200)
                .body("id", equalTo(ada.id().toString()));
        ada.request()
                .when()
                .get("/v1/users/me/keys")
                .then()
                .statusCode(200)
                .body("data", hasSize(2))
                .body("data[0].id", equalTo(id))
                .body("data[0].name", equalTo("laptop"))
                .body("data[1].id", equalTo(ada.keyId().toString()));
        assertEquals(2, rows.keysOf(ada.id()));
    }

    @Test
    void aKeyCanBeCreatedWithoutABody() {
        Learner ada = Learner.signUp();
        ada.request()
                .contentType("application/json")
                .when()
                .post("/v1/users/me/keys")
                .then()
                .statusCode(201)
                .body("name", nullValue())
                .body("secret", matchesPattern("^qb_[0-9A-Za-z]{43}$"));
    }

    @Test
    void aLearnerHoldsAtMostTwentyFiveActiveKeys() {
        Learner ada = Learner.signUp();
        String last = null;
        for (int i = 2; i <= 25; i++) {
            last = ada.json(Map.of())
                    .when()
                    .post("/v1/users/me/keys")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
        }
        ada.json(Map.of())
                .when()
                .post("/v1/users/me/keys")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://qbank.dev/problems/conflict"));
        assertEquals(25, rows.keysOf(ada.id()));
        ada.request().when().delete("/v1/users/me/keys/" + last).then().statusCode(204);
        ada.json(Map.of()).when().post("/v1/users/me/keys").then().statusCode(201);
    }

    @Test
    void aRevokedKeyIsRefusedAtOnceWhileTheOtherKeyStillWorks() {
        Learner ada = Learner.signUp();
        String second = ada.json(Map.of("name", "phone"))
                .when()
                .post("/v1/users/me/keys")
                .then()
                .statusCode(201)
                .extract()
                .path("secret");
        String secondId =
                ada.request().when().get("/v1/users/me/keys").then().extract().path("data[0].id");
        given().header("Authorization", "Bearer " + second)
                .when()
                .get("/v1/users/me")
                .then()
                .statusCode(200);

        ada.request()
                .when()
                .delete("/v1/users/me/keys/" + secondId)
                .then()
                .statusCode(204)
                .body(emptyOrNullString());

        given().header("Authorization", "Bearer " + second)
                .when()
                .get("/v1/users/me")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer realm=\"qbank\", error=\"invalid_token\""))
                .body("type", equalTo("https://qbank.dev/problems/invalid-api-key"));
        ada.request().when().get("/v1/users/me").then().statusCode(200);
        ada.request()
                .when()
                .get("/v1/users/me/keys/" + secondId)
                .then()
                .statusCode(200)
                .body("revoked_at", notNullValue());
        // Revoking twice is harmless.
        ada.request().when().delete("/v1/users/me/keys/" + secondId).then().statusCode(204);
    }

    @Test
    void revokingTheKeyInUseLocksThatKeyOutAtOnce() {
        Learner ada = Learner.signUp();
        ada.request().when().delete("/v1/users/me/keys/" + ada.keyId()).then().statusCode(204);
        ada.request()
                .when()
                .get("/v1/users/me")
                .then()
                .statusCode(401)
                .body("type", equalTo("https://qbank.dev/problems/invalid-api-key"));
    }

    @Test
    void aUserCanReadThemselvesByIdButNoOneElse() {
        Learner ada = Learner.signUp();
        Learner bob = Learner.signUp();
        ada.request()
                .when()
                .get("/v1/users/" + ada.id())
                .then()
                .statusCode(200)
                .body("id", equalTo(ada.id().toString()))
                .body("name", equalTo(ada.name()));
        ada.request()
                .when()
                .get("/v1/users/" + bob.id())
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://qbank.dev/problems/not-found"))
                .body(not(org.hamcrest.Matchers.containsString(bob.name())));
        // Another user and a user that does not exist are indistinguishable.
        String other = ada.request()
                .when()
                .get("/v1/users/" + bob.id())
                .then()
                .extract()
                .path("detail");
        String none = ada.request()
                .when()
                .get("/v1/users/" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .extract()
                .path("detail");
        assertEquals(other, none);
        ada.request()
                .when()
                .get("/v1/users/not-an-id")
                .then()
                .statusCode(400)
                .body("invalid_params[0].name", equalTo("id"));
    }

    @Test
    void signUpRefusesAMissingBlankOrOverlongName() {
        long before = rows.users();
        for (Object body :
                List.<Object>of(Map.of(), Map.of("name", ""), Map.of("name", "   "), Map.of("name", "x".repeat(101)))) {
            given().contentType("application/json")
                    .body(body)
                    .when()
                    .post("/v1/users")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://qbank.dev/problems/invalid-parameters"))
                    .body("invalid_params[0].name", equalTo("name"));
        }
        given().contentType("application/json")
                .when()
                .post("/v1/users")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().contentType("application/json")
                .body(Map.of("name", "Ada", "role", "admin"))
                .when()
                .post("/v1/users")
                .then()
                .statusCode(400)
                .body("invalid_params[0].name", equalTo("role"));
        assertEquals(before, rows.users(), "no user was created");
    }

    @Test
    void aNameWithANulCharacterIsRefusedNotAnInternalError() {
        long before = rows.users();
        given().contentType("application/json")
                .body(Map.of("name", "Ada\u0000"))
                .when()
                .post("/v1/users")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("invalid_params[0].name", equalTo("name"));
        assertEquals(before, rows.users());
        Learner ada = Learner.signUp();
        ada.json(Map.of("name", "lap\u0000top"))
                .when()
                .post("/v1/users/me/keys")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("invalid_params[0].name", equalTo("name"));
        assertEquals(1, rows.keysOf(ada.id()));
    }

    @Test
    void signUpIsIdempotentWithAnIdempotencyKey() {
        String name = "Idempotent " + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        Response first = given().contentType("application/json")
                .header("Idempotency-Key", key)
                .body(Map.of("name", name))
                .when()
                .post("/v1/users");
        first.then().statusCode(201).header("Idempotent-Replayed", nullValue());
        Response again = given().contentType("application/json")
                .header("Idempotency-Key", key)
                .body(Map.of("name", name))
                .when()
                .post("/v1/users");
        again.then()
                .statusCode(201)
                .header("Idempotent-Replayed", equalTo("true"))
                .header("Location", equalTo(first.header("Location")))
                .header("ETag", equalTo(first.header("ETag")));
        assertEquals(first.asString(), again.asString());
        assertEquals(1, rows.count("SELECT count(*) FROM users WHERE name = ?1", name));

        // The replayable response holds the new key's secret: it must not lie in the database in clear.
        String secret = first.jsonPath().getString("api_key.secret");
        String everything = rows.everything();
        assertFalse(everything.contains(secret), "the secret is stored in clear with the idempotent response");
        assertFalse(everything.contains(secret.substring(11)), "the hidden part of the secret is stored somewhere");
        assertFalse(
                everything.contains(HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8))),
                "the secret's bytes are stored with the idempotent response");
        assertFalse(everything.contains(key), "the Idempotency-Key itself is stored in clear");
    }

    @Test
    void keyCreationIsIdempotentWithAnIdempotencyKey() {
        Learner ada = Learner.signUp();
        String key = UUID.randomUUID().toString();
        Response first = ada.json(Map.of("name", "ci"))
                .header("Idempotency-Key", key)
                .when()
                .post("/v1/users/me/keys");
        first.then().statusCode(201);
        Response again = ada.json(Map.of("name", "ci"))
                .header("Idempotency-Key", key)
                .when()
                .post("/v1/users/me/keys");
        again.then()
                .statusCode(201)
                .header("Idempotent-Replayed", equalTo("true"))
                .header("Location", equalTo(first.header("Location")));
        assertEquals(first.asString(), again.asString());
        assertEquals(2, rows.keysOf(ada.id()), "the first key and one more");
        ada.json(Map.of("name", "other"))
                .header("Idempotency-Key", key)
                .when()
                .post("/v1/users/me/keys")
                .then()
                .statusCode(422)
                .body("type", equalTo("https://qbank.dev/problems/idempotency-key-reused"));
    }

    @Test
    void namesAreStoredVerbatimNotExecuted() {
        String name = "Robert'); DROP TABLE users; --";
        Learner bobby = Learner.signUp(name);
        bobby.request().when().get("/v1/users/me").then().statusCode(200).body("name", equalTo(name));
        bobby.json(Map.of("name", "1 OR 1=1"))
                .when()
                .post("/v1/users/me/keys")
                .then()
                .statusCode(201)
                .body("name", equalTo("1 OR 1=1"));
        assertTrue(rows.users() > 0, "the users table is still there");
    }
}
