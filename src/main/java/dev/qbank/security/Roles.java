package dev.qbank.security;

/**
 * The roles a {@code SecurityIdentity} carries, for {@code @RolesAllowed}: a learner's API key gives {@link #USER},
 * the admin key {@link #ADMIN}. A request without a key is Quarkus's anonymous identity, with no role.
 */
public final class Roles {

    /** A learner: records attempts, has progress, a review queue, webhooks. */
    public static final String USER = "user";
    /** The bank's administrator: writes questions and categories, runs imports. */
    public static final String ADMIN = "admin";

    private Roles() {}
}
