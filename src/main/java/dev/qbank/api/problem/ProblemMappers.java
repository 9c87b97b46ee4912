package dev.qbank.api.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where exceptions become responses: every error the API sends is an RFC 9457 problem, and nothing
 * internal (class names, stack traces, SQL) ever reaches the client.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /** Request DTOs are records in camelCase inside and snake_case on the wire; problems name the wire field. */
    private static final PropertyNamingStrategies.SnakeCaseStrategy SNAKE_CASE =
            new PropertyNamingStrategies.SnakeCaseStrategy();

    @Inject
    ProblemResponses responses;

    @Inject
    AllowedMethods allowedMethods;

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return responses.build(e.problem(), uri);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        if (e.getCause() instanceof ProblemException problem) { // a parameter converter's (api.input.TypedParameters)
            return problem(problem, uri);
        }
        return responses.build(Problem.of(ProblemType.NOT_FOUND, "No resource at " + uri.getPath() + "."), uri);
    }

    @ServerExceptionMapper
    public Response methodNotAllowed(NotAllowedException e, UriInfo uri) {
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow == null) {
            allow = allowedMethods.allowFor(uri.getPath());
        }
        Response response = responses.build(
                Problem.of(
                        ProblemType.METHOD_NOT_ALLOWED,
                        "This resource does not support the request's method"
                                + (allow == null ? "." : "; it allows " + allow + ".")),
                uri);
        return allow == null
                ? response
                : Response.fromResponse(response)
                        .header(HttpHeaders.ALLOW, allow)
                        .build();
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e, UriInfo uri) {
        return responses.build(
                Problem.of(
                        ProblemType.NOT_ACCEPTABLE,
                        "This resource can only answer with application/json; check the Accept header."),
                uri);
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e, UriInfo uri) {
        return responses.build(
                Problem.of(
                        ProblemType.UNSUPPORTED_MEDIA_TYPE,
                        "This resource does not accept the request's Content-Type; send application/json "
                                + "(application/merge-patch+json for PATCH; text/csv is also accepted by POST /v1/imports)."),
                uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof ProblemException problem) { // a parameter converter's (api.input.TypedParameters)
            return problem(problem, uri);
        }
        // Quarkus REST wraps a body that Jackson could not read in a 400 WebApplicationException.
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return malformedJson(json, uri);
            }
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return internal(e, uri);
        }
        ProblemType type =
                switch (status) {
                    case 404 -> ProblemType.NOT_FOUND;
                    case 405 -> ProblemType.METHOD_NOT_ALLOWED;
                    case 406 -> ProblemType.NOT_ACCEPTABLE;
                    case 409 -> ProblemType.CONFLICT;
                    case 412 -> ProblemType.PRECONDITION_FAILED;
                    case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
                    default -> ProblemType.BAD_REQUEST;
                };
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? type.title() : known.getReasonPhrase();
        return responses.build(new Problem(type.uri(), title, status, title + "."), uri);
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.InvalidParam> params = e.getConstraintViolations().stream()
                .map(v -> new Problem.InvalidParam(parameterName(v), v.getMessage()))
                .toList();
        return responses.build(ProblemException.invalidParams(params).problem(), uri);
    }

    /** Quarkus REST has a built-in mapper for this subtype; ours must win so that the answer is a problem. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return malformedJson(e, uri);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        if (e instanceof JsonMappingException mapping && !(mapping.getPath().isEmpty())) {
            String field = fieldPath(mapping);
            String reason;
            if (e instanceof UnrecognizedPropertyException) {
                reason = "is not a known field";
            } else if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
                reason = "has the wrong type";
            } else {
                reason = "could not be read";
            }
            return responses.build(
                    Problem.of(ProblemType.INVALID_PARAMETERS, "Invalid " + field + ": " + reason + ".")
                            .withInvalidParams(List.of(new Problem.InvalidParam(field, reason))),
                    uri);
        }
        return responses.build(Problem.of(ProblemType.MALFORMED_JSON, "The request body is not valid JSON."), uri);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response internal(Throwable e, UriInfo uri) {
        if (DatabaseUnavailable.causedBy(e)) {
            LOG.warnf("Database unavailable on %s: %s", uri.getPath(), DatabaseUnavailable.describe(e));
            return Response.fromResponse(responses.build(DatabaseUnavailable.problem(), uri))
                    .header("Retry-After", DatabaseUnavailable.RETRY_AFTER_SECONDS)
                    .build();
        }
        return responses.build(ProblemResponses.unexpected(e, "on " + uri.getPath()), uri);
    }

    /** "listQuestions.limit" -> "limit"; "record.body.answer" -> "answer". */
    private static String parameterName(ConstraintViolation<?> violation) {
        String last = null;
        for (jakarta.validation.Path.Node node : violation.getPropertyPath()) {
            if (node.getName() != null && node.getKind() != jakarta.validation.ElementKind.METHOD) {
                last = node.getName();
            }
        }
        return last == null ? violation.getPropertyPath().toString() : SNAKE_CASE.translate(last);
    }

    private static String fieldPath(JsonMappingException e) {
        return StreamSupport.stream(e.getPath().spliterator(), false)
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }
}
