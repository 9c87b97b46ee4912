package dev.qbank.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The HTTP mechanics every resource shares: page sizes, cursor signing, public caching. */
@ConfigMapping(prefix = "qbank")
public interface ApiConfig {

    Pagination pagination();

    Cache cache();

    /** The largest request body per route family (api.input.BodyLimits); a larger one is a 413 problem. */
    @io.smallrye.config.WithName("body-limits")
    BodyLimitsConfig bodyLimits();

    interface BodyLimitsConfig {
        /** POST /v1/users: a name of at most 100 characters. */
        @WithDefault("4K")
        io.quarkus.runtime.configuration.MemorySize signUp();

        /** POST /v1/imports: up to 5,000 questions of typical size. Also quarkus.http.limits.max-body-size. */
        @WithDefault("4M")
        io.quarkus.runtime.configuration.MemorySize imports();

        /** /graphql: queries, and one mutation's input. */
        @WithDefault("128K")
        io.quarkus.runtime.configuration.MemorySize graphql();

        /** Every other JSON write (the largest: a question's 2,000 + 10,000 characters, JSON-escaped). */
        @WithDefault("128K")
        io.quarkus.runtime.configuration.MemorySize json();
    }

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
         * How long this instance keeps its own copy of a public representation (api.conditional.PublicCache): the most a change
         * made through another instance can take to show here. 0 turns the cache off.
         */
        @WithDefault("1s")
        java.time.Duration publicTtl();
    }
}
