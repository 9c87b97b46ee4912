package dev.qbank.api.idempotency;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a POST resource method idempotent with {@link Idempotency}: the method declares the header as a
 * {@code @HeaderParam(Idempotency.HEADER) String} parameter (so the contract documents it), and its body, if any, as
 * its entity parameter. The request's fingerprint is the HTTP method and the matched route template filled with the
 * method's path parameters, with the body: nothing is typed by hand.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Idempotent {}
