package dev.qbank.question;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qbank.api.Link;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How this API demonstrates a question about API design (questions 1-10): two sentences, the curl command to watch
 * it, and links to the endpoints and documentation involved. Stored with the question (V21__live_examples.sql);
 * its schema is written in META-INF/openapi.yaml.
 */
public record LiveExample(
        String summary,
        @JsonProperty("try") String tryIt,
        @JsonProperty("_links") Map<String, Link> links) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads the jsonb column as the database holds it; null stays null. */
    static LiveExample parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(json);
            Map<String, Link> links = new LinkedHashMap<>();
            node.path("_links")
                    .fields()
                    .forEachRemaining(e -> links.put(
                            e.getKey(), Link.to(e.getValue().path("href").asText())));
            return new LiveExample(
                    node.path("summary").asText(), node.path("try").asText(), links);
        } catch (IOException e) {
            throw new UncheckedIOException("questions.live_example is not JSON", e);
        }
    }
}
