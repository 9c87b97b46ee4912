package dev.qbank.graphql;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qbank.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * openapi/schema.graphql is the GraphQL contract clients generate from, as openapi/openapi.yaml is REST's: it must
 * be exactly what /graphql/schema.graphql serves. To accept an intended change, run with -Dcontract.update=true and
 * review the diff.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@Order(2)
class GraphQLSchemaTest {

    static final String SCHEMA = "openapi/schema.graphql";

    @Test
    void checkedInSchemaIsExactlyWhatTheServiceServes() throws Exception {
        String served = given().when()
                .get("/graphql/schema.graphql")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Path schema = Path.of(SCHEMA);
        if (Boolean.getBoolean("contract.update") || !Files.exists(schema)) {
            Files.writeString(schema, served, StandardCharsets.UTF_8);
        }
        assertEquals(
                Files.readString(schema, StandardCharsets.UTF_8).strip(),
                served.strip(),
                SCHEMA
                        + " differs from /graphql/schema.graphql; if the change is intended, run: mvn verify -Dcontract.update=true, "
                        + "and commit the updated schema");
    }
}
