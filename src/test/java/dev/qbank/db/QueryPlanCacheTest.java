package dev.qbank.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qbank.support.ApiTest;
import dev.qbank.support.Learner;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.UUID;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.Test;

/**
 * Hibernate caches one plan per distinct query (at most 2,048, looked up by hash). In Hibernate 7.2 a native query
 * with a scalar result class, {@code createNativeQuery(sql, Boolean.class)}, gets a new, never-equal entry on every
 * run: the cache fills, and as its entries share one hash, every lookup then compares against all of them (it took
 * a fifth of the CPU of a POST under load). Repeating the API's requests must not add plans.
 */
@QuarkusTest
class QueryPlanCacheTest extends ApiTest {

    @Inject
    EntityManager em;

    @Test
    void repeatingRequestsAddsNoQueryPlans() {
        Learner ada = Learner.signUp();
        exercise(ada, 3); // every query these requests run is planned once
        int before = cachedPlans();
        exercise(ada, 25);
        // A leak adds at least one plan per round; the margin is for background jobs planning their first queries.
        int added = cachedPlans() - before;
        assertTrue(added < 5, added + " query plans added by 25 more rounds of the same requests");
    }

    @Test
    void aNativeQueryWithAScalarResultClassWouldAddAPlanPerRun() {
        // The trap itself, so that this test fails if a Hibernate upgrade fixes it (then the rule can go).
        int before = cachedPlans();
        for (int i = 0; i < 5; i++) {
            QuarkusTransaction.requiringNew()
                    .run(() -> em.createNativeQuery("SELECT 42", Integer.class).getSingleResult());
        }
        assertEquals(before + 5, cachedPlans());
    }

    private static void exercise(Learner learner, int rounds) {
        for (int i = 0; i < rounds; i++) {
            learner.json(Learner.attempt(1 + i % 5, "good"))
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .when()
                    .post("/v1/attempts")
                    .then()
                    .statusCode(201);
            learner.request().when().get("/v1/attempts?limit=5").then().statusCode(200);
            learner.request().when().get("/v1/users/me/due").then().statusCode(200);
            learner.request().when().get("/v1/users/me/progress").then().statusCode(200);
            learner.request().when().get("/v1/questions/" + (1 + i % 40)).then().statusCode(200);
        }
    }

    private int cachedPlans() {
        return em.getEntityManagerFactory()
                .unwrap(SessionFactoryImplementor.class)
                .getQueryEngine()
                .getInterpretationCache()
                .getNumberOfCachedQueryPlans();
    }
}
