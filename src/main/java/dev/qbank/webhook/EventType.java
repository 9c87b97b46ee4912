package dev.qbank.webhook;

import java.util.Arrays;
import java.util.Optional;

/** The events a webhook may subscribe to, and who may. */
public enum EventType {
    QUESTION_CREATED("question.created", true),
    QUESTION_UPDATED("question.updated", true),
    QUESTION_DELETED("question.deleted", true),
    CATEGORY_CREATED("category.created", true),
    CATEGORY_UPDATED("category.updated", true),
    CATEGORY_DELETED("category.deleted", true),
    /** A learner's own attempts: only ever delivered to that learner's webhooks. */
    ATTEMPT_CREATED("attempt.created", false),
    /** Sent by POST /v1/webhooks/{id}/test to that webhook only; not subscribable. */
    WEBHOOK_TEST("webhook.test", false);

    private final String wire;
    private final boolean admin;

    EventType(String wire, boolean admin) {
        this.wire = wire;
        this.admin = admin;
    }

    public String wire() {
        return wire;
    }

    /** Whether the admin subscribes to it (bank changes) or a learner does (their attempts). */
    public boolean forAdmin() {
        return admin;
    }

    /** The admin's events are exactly the bank's changes (questions and categories). */
    public boolean changesTheBank() {
        return forAdmin();
    }

    public boolean subscribable() {
        return this != WEBHOOK_TEST;
    }

    public static Optional<EventType> fromWire(String value) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(value)).findFirst();
    }
}
