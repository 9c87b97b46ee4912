package dev.qbank.question;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.qbank.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The seeded bank matches the source document character for character. The document lives beside the repository
 * (../shared/seed); the service never reads it, it ships its own copy as a Flyway migration.
 */
@QuarkusTest
class SeedDataTest extends ApiTest {

    private static final Path SOURCE = Path.of("..", "shared", "seed", "backend-interview-questions.txt");
    private static final Pattern SECTION = Pattern.compile("\\(questions (\\d+)-(\\d+)\\)");
    private static final Pattern ITEM = Pattern.compile("^\\s+(\\d+)\\. (.+)$");

    @Test
    void everyQuestionMatchesTheSourceDocumentWithGlobalNumbers() throws Exception {
        assumeTrue(Files.exists(SOURCE), "the source document is not beside this checkout");
        Map<Integer, String> expected = new LinkedHashMap<>();
        int base = 0;
        for (String line : Files.readAllLines(SOURCE, StandardCharsets.UTF_8)) {
            Matcher section = SECTION.matcher(line);
            if (section.find()) {
                base = Integer.parseInt(section.group(1));
                continue;
            }
            Matcher item = ITEM.matcher(line);
            if (item.matches()) {
                expected.put(
                        base + Integer.parseInt(item.group(1)) - 1,
                        item.group(2).strip());
            }
        }
        assertEquals(40, expected.size());
        List<Map<String, Object>> served = given().queryParam("limit", 100)
                .when()
                .get("/v1/questions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("data");
        Map<Integer, String> actual = new LinkedHashMap<>();
        served.stream()
                .filter(q -> (Integer) q.get("number") <= 40)
                .forEach(q -> actual.put((Integer) q.get("number"), (String) q.get("text")));
        assertEquals(expected, actual);
    }
}
