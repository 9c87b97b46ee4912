package dev.qbank.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.qbank.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The study web app's static files (docs/study-app.md): served at /app/ under a page's Content-Security-Policy that
 * allows only its own files, revalidated on every load, and written so that such a policy can apply (nothing inline).
 */
@QuarkusTest
class StudyAppFilesTest extends ApiTest {

    private static final String APP_CSP = "default-src 'self'; img-src 'self' data:; object-src 'none';"
            + " frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    /** A script element without src, a style element, or a style attribute: what a strict CSP refuses. */
    private static final Pattern INLINE = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>|<style|\\sstyle=");

    @Test
    void theAppIsServedAtSlashAppUnderItsOwnStrictContentSecurityPolicy() {
        String html = given().when()
                .get("/app/")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", equalTo(APP_CSP))
                .header("Cache-Control", equalTo("no-cache"))
                .header("Last-Modified", notNullValue())
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .extract()
                .asString();
        assertFalse(INLINE.matcher(html).find(), "no inline script or style in index.html");
        given().when()
                .get("/app/app.js")
                .then()
                .statusCode(200)
                .contentType(containsString("javascript"))
                .header("Content-Security-Policy", equalTo(APP_CSP));
        for (String file : new String[] {"app.css", "chart.js", "api/client.js", "api/ratelimit.js"}) {
            given().when().get("/app/" + file).then().statusCode(200);
        }
    }

    @Test
    void aRevalidatedFileIsA304() {
        String lastModified = given().when().get("/app/app.js").then().extract().header("Last-Modified");
        given().header("If-Modified-Since", lastModified)
                .when()
                .get("/app/app.js")
                .then()
                .statusCode(304)
                .header("Cache-Control", equalTo("no-cache"));
    }

    @Test
    void theApiKeepsItsOwnPolicy() {
        given().when()
                .get("/v1")
                .then()
                .statusCode(200)
                .header("Content-Security-Policy", not(equalTo(APP_CSP)))
                .header("Cache-Control", not(equalTo("no-cache")));
        given().when().get("/app/no-such-file.js").then().statusCode(404).header("Cache-Control", equalTo("no-store"));
    }
}
