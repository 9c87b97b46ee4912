package dev.qbank.api.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem detail. Extension members (such as {@code invalid_params}) are serialized at the top level,
 * beside the standard members, as the RFC asks.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "detail", "instance"})
public final class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid input: the parameter, header or body field, and why it was refused. */
    public record InvalidParam(String name, String reason) {}

    private final String type;
    private final String title;
    private final int status;
    private final String detail;
    private String instance;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    public Problem(String type, String title, int status, String detail) {
        this.type = type;
        this.title = title;
        this.status = status;
        this.detail = detail;
    }

    public static Problem of(ProblemType type, String detail) {
        return new Problem(type.uri(), type.title(), type.status(), detail);
    }

    public Problem with(String member, Object value) {
        extensions.put(member, value);
        return this;
    }

    /** At most this many invalid_params (the contract's maxItems); a request with more faults lists the first. */
    public static final int MAX_INVALID_PARAMS = 100;

    public Problem withInvalidParams(List<InvalidParam> params) {
        return with(
                "invalid_params",
                params.size() > MAX_INVALID_PARAMS ? List.copyOf(params.subList(0, MAX_INVALID_PARAMS)) : params);
    }

    public Problem withInstance(String instance) {
        this.instance = instance;
        return this;
    }

    public String getType() {
        return type;
    }

    public String getTitle() {
        return title;
    }

    public int getStatus() {
        return status;
    }

    public String getDetail() {
        return detail;
    }

    public String getInstance() {
        return instance;
    }

    @JsonAnyGetter
    public Map<String, Object> getExtensions() {
        return extensions;
    }
}
