package dev.qbank.support;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/** Requests to the service's management interface (health, metrics), a port of its own beside the API's. */
public final class Management {

    private Management() {}

    public static int port() {
        return ConfigProvider.getConfig()
                .getOptionalValue("quarkus.management.test-port", Integer.class)
                .orElse(9001);
    }

    /** A request to the management interface of the service under test. */
    public static RequestSpecification management() {
        return RestAssured.given().baseUri("http://localhost").port(port());
    }
}
