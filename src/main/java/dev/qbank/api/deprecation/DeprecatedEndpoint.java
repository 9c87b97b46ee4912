package dev.qbank.api.deprecation;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method (or class) as deprecated. Its responses then carry {@code Deprecation} (RFC 9745),
 * {@code Sunset} (RFC 8594) and a {@code Link} with {@code rel="deprecation"} to the migration guide, so clients
 * learn about a breaking change in v2 while v1 still answers.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface DeprecatedEndpoint {

    /** When the endpoint was deprecated, ISO-8601 instant, e.g. {@code 2026-06-01T00:00:00Z}. */
    String since();

    /** When it stops answering, ISO-8601 instant; empty when not yet decided. */
    String sunset() default "";

    /** A human-readable page describing the deprecation and the replacement. */
    String link();
}
