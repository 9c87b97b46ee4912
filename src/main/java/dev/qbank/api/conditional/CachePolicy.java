package dev.qbank.api.conditional;

/** How a representation may be cached (RFC 9111), and what its response varies on. */
public enum CachePolicy {
    /** The bank itself: same for everyone, so shared caches and CDNs may keep it for a short while. */
    PUBLIC("Accept, Accept-Encoding"),
    /** A user's own data: only the user's client may store it, and must revalidate it (ETags make that cheap). */
    PRIVATE("Accept, Accept-Encoding, Authorization"),
    /** Different on every request (a random draw): no cache may store it, so no one is served another's draw. */
    NO_STORE("Accept, Accept-Encoding"),
    /**
     * Carries a secret shown once (an API key's, a webhook's signing secret): no cache at all, not even the client's
     * own, may store it (RFC 9111 {@code no-store}), nor its idempotent replays (they replay the stored headers).
     */
    SECRET("Accept, Accept-Encoding, Authorization");

    private final String vary;

    CachePolicy(String vary) {
        this.vary = vary;
    }

    public String vary() {
        return vary;
    }
}
