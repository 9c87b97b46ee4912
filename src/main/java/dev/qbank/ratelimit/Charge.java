package dev.qbank.ratelimit;

/** One token to take from the bucket of {@code policy} for one partition (a client address, a user, the admin). */
public record Charge(Policy policy, String partition) {}
