package dev.qbank.api.paging;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.qbank.api.Link;
import java.util.List;
import java.util.Map;

/** The envelope of every collection: its items, where the page stands, and links to the neighbouring pages. */
public record Page<T>(
        List<T> data, PageInfo page, @JsonProperty("_links") Map<String, Link> links) {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PageInfo(int limit, boolean hasMore, String nextCursor, String prevCursor) {}
}
