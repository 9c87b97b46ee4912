package dev.qbank.changes;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.qbank.api.Link;
import dev.qbank.api.paging.Page;
import java.util.List;
import java.util.Map;

/**
 * A page of the change feed: the page envelope of every collection, and the token to read on from next time (after
 * this page's last change, or where the read started when nothing changed).
 */
public record ChangePage(
        List<ChangeView> data,
        Page.PageInfo page,
        String syncToken,
        @JsonProperty("_links") Map<String, Link> links) {

    @SuppressWarnings("unchecked")
    static ChangePage of(Page<?> page, String syncToken) {
        return new ChangePage((List<ChangeView>) page.data(), page.page(), syncToken, page.links());
    }
}
