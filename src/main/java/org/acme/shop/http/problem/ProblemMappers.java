package org.acme.shop.http.problem;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import org.acme.shop.http.validation.NumberParameters;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into an RFC 9457 problem body. Clients never see a stack trace: unexpected errors are logged
 * here and answered with a generic {@code 500}.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /** What RESTEasy Reactive's {@code VertxInputStream} throws for a body past the limit. */
    private static final String REQUEST_TOO_LARGE = "Request too large";

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return Problem.validation(errors).toResponse();
    }

    /** A path or query parameter that does not convert to its type ({@link NumberParameters}). */
    @ServerExceptionMapper
    public Response invalidParameter(InvalidParameter e) {
        return Problem.validation(List.of(new Problem.FieldError(e.name(), e.getMessage()))).toResponse();
    }

    /** Syntax errors and values of the wrong type in a request body. */
    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return Problem.validation(List.of(new Problem.FieldError(field, "has the wrong type or format")))
                    .toResponse();
        }
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return Problem.of(Status.BAD_REQUEST, "The request body is not valid JSON" + where).toResponse();
    }

    /** Registered on its own: quarkus-rest-jackson maps this subtype itself, and the most specific mapper wins. */
    @ServerExceptionMapper
    public Response wrongType(MismatchedInputException e) {
        return malformedJson(e);
    }

    @ServerExceptionMapper
    public Response notFound(NotFound e) {
        return Problem.of(Status.NOT_FOUND, e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response unauthorized(Unauthorized e) {
        return Problem.of(Status.UNAUTHORIZED, e.getMessage()).toResponseBuilder()
                .header("WWW-Authenticate", "Bearer").build();
    }

    /**
     * Quarkus Security's three refusals. Authentication is lazy ({@code quarkus.http.auth.proactive=false}), so they
     * are thrown while the endpoint is chosen and reach these mappers like any other exception.
     */
    @ServerExceptionMapper
    public Response notAuthenticated(UnauthorizedException e) {
        return unauthorized(new Unauthorized("Log in first: send 'Authorization: Bearer <token>' or the session cookie"));
    }

    /**
     * A token was sent but names no live session, or the session store could not be asked, or the request was refused
     * before the token was read (a cookie-authenticated write without a JSON body: {@code 415}).
     */
    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ServiceUnavailable unavailable) {
                return unavailable(unavailable);
            }
            if (t instanceof NotSupportedException unsupported) {
                return http(unsupported);
            }
        }
        return unauthorized(new Unauthorized(e.getMessage() == null ? "The session token is not valid" : e.getMessage()));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(Status.FORBIDDEN, "Your role may not do this").toResponse();
    }

    @ServerExceptionMapper
    public Response conflict(Conflict e) {
        return Problem.of(Status.CONFLICT, e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response tooManyRequests(TooManyRequests e) {
        return new Problem("about:blank", "Too Many Requests", 429, e.getMessage(), List.of()).toResponseBuilder()
                .header("Retry-After", e.retryAfterSeconds())
                .header("RateLimit-Policy", e.policyField())
                .header("RateLimit", e.rateLimitField())
                .build();
    }

    @ServerExceptionMapper
    public Response unavailable(ServiceUnavailable e) {
        return Problem.of(Status.SERVICE_UNAVAILABLE, e.getMessage()).toResponseBuilder()
                .header("Retry-After", "5").build();
    }

    /** JAX-RS's own errors: unknown path, wrong method, unsupported media type, unparsable parameters… */
    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        Status status = Status.fromStatusCode(e.getResponse().getStatus());
        if (status == null) {
            status = Status.BAD_REQUEST;
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        return Problem.of(status, status == Status.NOT_FOUND ? "No resource at this path" : e.getMessage())
                .toResponse();
    }

    /**
     * A body sent in chunks went past {@code quarkus.http.limits.max-body-size} while it was read: RESTEasy Reactive
     * has already answered {@code 413} (without a body; the announced ones get a problem from {@code RequestLimits})
     * and closes the connection. A client's mistake, not an error to log. Any other I/O failure is unexpected.
     */
    @ServerExceptionMapper
    public Response inputFailed(IOException e) {
        if (REQUEST_TOO_LARGE.equals(e.getMessage())) {
            return Response.status(413).build();
        }
        return unexpected(e);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (isDatabaseUnavailable(e)) {
            LOG.errorf("Database unavailable: %s", rootCause(e).getMessage());
            return Problem.of(Status.SERVICE_UNAVAILABLE, "The database is unavailable; try again shortly")
                    .toResponseBuilder().header("Retry-After", "5").build();
        }
        LOG.error("Unexpected error", e);
        return Problem.of(Status.INTERNAL_SERVER_ERROR, "An unexpected error occurred").toResponse();
    }

    /**
     * Bean Validation names a violation by its path from the method: {@code create.body.price} for a body field,
     * {@code list.size} for a query parameter. The client knows only {@code price} and {@code size}.
     */
    private static String fieldName(ConstraintViolation<?> violation) {
        String[] parts = violation.getPropertyPath().toString().split("\\.", 3);
        return parts[parts.length - 1];
    }

    /** SQLSTATE class 08 is "connection exception"; pool timeouts surface as transient connection errors. */
    private static boolean isDatabaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
