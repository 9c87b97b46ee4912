package dev.qbank.ratelimit;

import dev.qbank.security.Caller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.runtime.Startup;
import io.vertx.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Decides whether a request may proceed: one token from the bucket of every policy that applies to it, taken in
 * order, stopping at the first that has none. Knows the policies (which apply to whom) and the store (memory or
 * Redis); knows nothing of HTTP.
 */
@Startup
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    static final String SIGN_UP_PATH = "/v1/users";

    private final RateLimitConfig config;
    private final Policy anonymous;
    private final Policy user;
    private final Policy admin;
    private final Policy signUp;
    private final ClientAddresses addresses;
    private final BucketStore store;
    private final MeterRegistry metrics;
    private final Map<String, Counter> rejections = new ConcurrentHashMap<>();

    public RateLimiter(RateLimitConfig config, MeterRegistry metrics, InjectableInstance<Redis> redis) {
        this.config = config;
        this.metrics = metrics;
        this.anonymous = Policy.of("anonymous", config.anonymous());
        this.user = Policy.of("user", config.user());
        this.admin = Policy.of("admin", config.admin());
        this.signUp = Policy.of("sign-up", config.signUp());
        this.addresses = new ClientAddresses(config.trustedProxies().orElse(List.of()), config.forwardingHeader());
        this.store = config.enabled() ? store(config, metrics, redis) : null;
        if (config.enabled()) {
            LOG.infof(
                    "Rate limits (%s store): %s, %s, %s, %s",
                    config.store().name().toLowerCase(),
                    anonymous.header(),
                    user.header(),
                    admin.header(),
                    signUp.header());
        } else {
            LOG.info("Rate limiting is disabled (qbank.rate-limit.enabled=false)");
        }
    }

    private static BucketStore store(RateLimitConfig config, MeterRegistry metrics, InjectableInstance<Redis> redis) {
        MemoryBucketStore memory = new MemoryBucketStore(config.memory().maxBuckets());
        if (config.store() == RateLimitConfig.Store.MEMORY) {
            return memory;
        }
        if (!redis.getHandle().getBean().isActive()) {
            throw new IllegalStateException(
                    "qbank.rate-limit.store=redis needs a Redis server: set quarkus.redis.hosts "
                            + "(QUARKUS_REDIS_HOSTS), e.g. redis://localhost:6379");
        }
        RateLimitConfig.Redis settings = config.redis();
        RedisBucketStore shared = new RedisBucketStore(
                redis.get(),
                settings.keyPrefix(),
                settings.timeout(),
                config.memory().maxBuckets());
        BucketStore leased = new LeasedBucketStore(
                shared, settings.leaseMaxTokens(), config.memory().maxBuckets());
        return new FailOpenBucketStore(leased, memory, settings.timeout(), settings.retryInterval(), metrics);
    }

    public boolean enabled() {
        return config.enabled();
    }

    public boolean legacyHeaders() {
        return config.legacyHeaders();
    }

    BucketStore store() {
        return store;
    }

    public ClientAddresses addresses() {
        return addresses;
    }

    /** The charges for a caller by role: a learner by user id, the admin by the admin policy, anyone else by address. */
    public List<Charge> forCaller(Caller.Role role, String userId, String clientAddress, String method, String path) {
        return switch (role) {
            case USER -> user(userId, clientAddress, method, path);
            case ADMIN -> admin(clientAddress, method, path);
            case ANONYMOUS -> anonymous(clientAddress, method, path);
        };
    }

    /** An anonymous caller: limited by address; a sign-up also by the sign-up policy. */
    public List<Charge> anonymous(String clientAddress, String method, String path) {
        return withSignUp(new Charge(anonymous, clientAddress), clientAddress, method, path);
    }

    public List<Charge> user(String userId, String clientAddress, String method, String path) {
        return withSignUp(new Charge(user, userId), clientAddress, method, path);
    }

    public List<Charge> admin(String clientAddress, String method, String path) {
        return withSignUp(new Charge(admin, "admin"), clientAddress, method, path);
    }

    private List<Charge> withSignUp(Charge caller, String clientAddress, String method, String path) {
        if ("POST".equals(method) && isSignUpPath(path)) {
            return List.of(caller, new Charge(signUp, clientAddress));
        }
        return List.of(caller);
    }

    private static boolean isSignUpPath(String path) {
        return path.equals(SIGN_UP_PATH) || path.equals(SIGN_UP_PATH + "/");
    }

    /** Takes a token under each charge in turn; a refused charge ends the decision (later ones are not charged). */
    public CompletionStage<Decision> decide(List<Charge> charges) {
        long now = System.currentTimeMillis();
        if (charges.size() == 1) {
            Charge charge = charges.get(0);
            return store.tryConsume(charge).thenApply(taken -> {
                Decision.Outcome outcome = Decision.Outcome.of(charge, taken);
                if (!outcome.consumed()) {
                    rejected(charge.policy());
                }
                return new Decision(List.of(outcome), now);
            });
        }
        List<Decision.Outcome> outcomes = new ArrayList<>(charges.size());
        CompletionStage<Boolean> chain = CompletableFuture.completedFuture(true);
        for (Charge charge : charges) {
            chain = chain.thenCompose(proceed -> !proceed
                    ? CompletableFuture.completedFuture(false)
                    : store.tryConsume(charge).thenApply(taken -> {
                        Decision.Outcome outcome = Decision.Outcome.of(charge, taken);
                        outcomes.add(outcome);
                        if (!outcome.consumed()) {
                            rejected(charge.policy());
                        }
                        return outcome.consumed();
                    }));
        }
        return chain.thenApply(allowed -> new Decision(outcomes, now));
    }

    /** Gives back every token the decision took (its response turned out to be a 304). */
    public CompletionStage<Decision> refund(Decision decision) {
        CompletionStage<Void> refunds = CompletableFuture.completedFuture(null);
        for (Decision.Outcome outcome : decision.outcomes()) {
            if (outcome.consumed()) {
                refunds = refunds.thenCompose(v -> outcome.store().refund(outcome.charge()));
            }
        }
        return refunds.thenApply(v -> decision.refunded());
    }

    private void rejected(Policy policy) {
        rejections
                .computeIfAbsent(policy.name(), name -> Counter.builder("qbank.rate-limit.rejected")
                        .description("Requests refused with 429 because a rate-limit quota was exhausted")
                        .tag("policy", name)
                        .register(metrics))
                .increment();
    }
}
