package dev.qbank.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The HTTP mechanics every resource shares: page sizes, cursor signing, public caching. */
@ConfigMapping(prefix = "qbank")
public interface ApiConfig {

    Pagination pagination();

    Cache cache();

    interface Pagination {
        /** Page size when the request gives no {@code limit}. */
        @WithDefault("20")
        int defaultLimit();

        /** Largest {@code limit} a client may ask for; above it the request is a 400. */
        @WithDefault("100")
        int maxLimit();

        /**
         * Key that signs cursors (HMAC-SHA256). When unset, a random key is generated once and kept in the database,
         * so cursors survive restarts and are shared by every instance on the same database.
         */
        Optional<String> cursorSecret();
    }

    interface Cache {
        /** max-age, in seconds, of public question and category data. */
        @WithDefault("60")
        int publicMaxAge();

        /**
         * How long this instance keeps its own copy of a public representation (api.PublicCache): the most a change
         * made through another instance can take to show here. 0 turns the cache off.
         */
        @WithDefault("1s")
        java.time.Duration publicTtl();
    }
}
