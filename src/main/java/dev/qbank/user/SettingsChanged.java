package dev.qbank.user;

import java.util.UUID;

/**
 * Fired (synchronously, inside the transaction of the change) when a learner changes their scheduler or desired
 * retention; the review feature replays their history through the new settings before the change commits.
 */
public record SettingsChanged(UUID userId) {}
