package dev.qbank.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import io.quarkus.test.common.QuarkusTestResource;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the HTTP tests: one embedded PostgreSQL for the whole run, and every response validated against the
 * checked-in contract openapi/openapi.yaml. Requests are not validated: many tests send bad input on purpose.
 */
@QuarkusTestResource(EmbeddedPostgresResource.class)
public abstract class ApiTest {

    public static final String CONTRACT = "openapi/openapi.yaml";

    private static OpenApiValidationFilter contractFilter;

    private static OpenApiValidationFilter newContractFilter() {
        return new OpenApiValidationFilter(OpenApiInteractionValidator.createForSpecificationUrl(CONTRACT)
                .withLevelResolver(LevelResolver.create()
                        .withLevel("validation.request", ValidationReport.Level.IGNORE)
                        // Tests of unknown routes and methods: there is no operation to check against.
                        .withLevel("validation.request.path.missing", ValidationReport.Level.IGNORE)
                        .withLevel("validation.request.operation.notAllowed", ValidationReport.Level.IGNORE)
                        .build())
                .build());
    }

    @BeforeAll
    static synchronized void validateResponsesAgainstContract() {
        // Loaded on first use, after OpenApiContractTest (ordered first) has had the chance to rewrite the contract.
        if (contractFilter == null) {
            contractFilter = newContractFilter();
        }
        RestAssured.replaceFiltersWith(contractFilter);
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }
}
