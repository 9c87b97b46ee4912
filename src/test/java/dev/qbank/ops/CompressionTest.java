package dev.qbank.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.qbank.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.DecoderConfig;
import io.restassured.config.RestAssuredConfig;
import org.junit.jupiter.api.Test;

/** gzip/deflate for JSON above 1 KiB, with an ETag per coding and 304s whatever the client asks for. */
@QuarkusTest
class CompressionTest extends ApiTest {

    private static final RestAssuredConfig IDENTITY = RestAssuredConfig.config()
            .decoderConfig(DecoderConfig.decoderConfig().noContentDecoders());

    @Test
    void aLargeJsonBodyIsGzippedWithItsOwnETag() {
        String identity = given().config(IDENTITY)
                .header("Accept-Encoding", "identity")
                .when()
                .get("/v1/questions?limit=20")
                .then()
                .statusCode(200)
                .header("Content-Encoding", nullValue())
                .extract()
                .header("ETag");
        given().header("Accept-Encoding", "gzip")
                .when()
                .get("/v1/questions?limit=20")
                .then()
                .statusCode(200)
                .header("Content-Encoding", equalTo("gzip"))
                .header("ETag", equalTo(identity.substring(0, identity.length() - 1) + "-gzip\""))
                .header("Vary", equalTo("Accept, Accept-Encoding"))
                .body("data[0].number", equalTo(1));
        // Raw deflate bytes: the contract validator cannot read them, so this one response is checked by hand.
        given().noFilters()
                .config(IDENTITY)
                .header("Accept-Encoding", "deflate")
                .when()
                .get("/v1/questions?limit=20")
                .then()
                .statusCode(200)
                .header("Content-Encoding", equalTo("deflate"))
                .header("ETag", endsWith("-deflate\""));
    }

    @Test
    void aSmallBodyIsSentAsItIs() {
        given().header("Accept-Encoding", "gzip")
                .when()
                .get("/v1/questions/12")
                .then()
                .statusCode(200)
                .header("Content-Encoding", nullValue())
                .header("ETag", not(endsWith("-gzip\"")));
    }

    @Test
    void notModifiedWorksWhetherOrNotTheClientAsksForGzip() {
        String identity = given().config(IDENTITY)
                .header("Accept-Encoding", "identity")
                .when()
                .get("/v1/questions?limit=20")
                .then()
                .extract()
                .header("ETag");
        String gzipped = given().header("Accept-Encoding", "gzip")
                .when()
                .get("/v1/questions?limit=20")
                .then()
                .extract()
                .header("ETag");
        given().header("Accept-Encoding", "gzip")
                .header("If-None-Match", identity)
                .when()
                .get("/v1/questions?limit=20")
                .then()
                .statusCode(304)
                .header("ETag", equalTo(gzipped));
        given().config(IDENTITY)
                .header("Accept-Encoding", "identity")
                .header("If-None-Match", gzipped)
                .when()
                .get("/v1/questions?limit=20")
                .then()
                .statusCode(304)
                .header("ETag", equalTo(identity));
    }
}
