package dev.qbank.api.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qbank.api.problem.ProblemException;
import java.util.Iterator;
import java.util.Map;

/** JSON Merge Patch (RFC 7396): the media type PATCH accepts. */
public final class MergePatch {

    public static final String MEDIA_TYPE = "application/merge-patch+json";

    private MergePatch() {}

    /** Reads a PATCH body; it must be a JSON object (a merge patch of anything else would replace the whole resource). */
    public static JsonNode parse(com.fasterxml.jackson.databind.ObjectMapper mapper, String body)
            throws com.fasterxml.jackson.core.JsonProcessingException {
        JsonNode patch = mapper.readTree(body == null ? "" : body);
        if (patch == null || patch.isMissingNode() || !patch.isObject()) {
            throw ProblemException.invalidParam(
                    "body", "must be a JSON object: a merge patch (RFC 7396) of the fields to change");
        }
        return patch;
    }

    /** Applies {@code patch} to a copy of {@code target}, as section 2 of the RFC defines (null removes a member). */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject()
                ? ((ObjectNode) target).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), apply(result.get(field.getKey()), field.getValue()));
            }
        }
        return result;
    }
}
