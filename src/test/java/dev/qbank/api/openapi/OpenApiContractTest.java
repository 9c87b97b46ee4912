package dev.qbank.api.openapi;

import static dev.qbank.support.ApiTest.CONTRACT;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.qbank.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * openapi/openapi.yaml is the contract users read and generate clients from; it must be exactly what the service
 * serves. To accept an intended change, run the suite with -Dcontract.update=true and review the diff.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@Order(1)
class OpenApiContractTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void checkedInContractIsExactlyWhatTheServiceServes() throws Exception {
        String served = given().accept("application/yaml")
                .when()
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Path contract = Path.of(CONTRACT);
        if (Boolean.getBoolean("contract.update")) {
            Files.writeString(contract, served, StandardCharsets.UTF_8);
        }
        JsonNode expected = YAML.readTree(Files.readString(contract, StandardCharsets.UTF_8));
        JsonNode actual = YAML.readTree(served);
        assertEquals(
                expected,
                actual,
                "openapi/openapi.yaml differs from /q/openapi; if the change is intended, "
                        + "run: mvn verify -Dcontract.update=true, and commit the updated contract");
    }

    @Test
    void swaggerUiIsServed() {
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }
}
