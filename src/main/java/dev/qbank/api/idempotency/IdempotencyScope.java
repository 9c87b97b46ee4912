package dev.qbank.api.idempotency;

/**
 * The partition idempotency keys live in, for the current request (the caller: a learner, the admin, or an anonymous
 * client by address). Implemented where the caller is known (security), so that this layer needs no feature.
 */
public interface IdempotencyScope {

    String scope();
}
