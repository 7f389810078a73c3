package org.acme.shop.session;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;
import org.acme.shop.http.ClientAddress;
import org.acme.shop.http.NoStore;
import org.acme.shop.http.SecuritySchemes;
import org.acme.shop.http.problem.Unauthorized;
import org.acme.shop.ratelimit.RateLimiter;
import org.acme.shop.user.User;
import org.acme.shop.user.UserRequests;
import org.acme.shop.user.UserService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Log in and out. The token travels as a bearer token or in the session cookie ({@code __Host-SESSION}). */
@Path("/api/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Sessions", description = "Sessions stored as Redis HASHes with a sliding idle timeout")
@SecurityScheme(securitySchemeName = SecuritySchemes.BEARER, type = SecuritySchemeType.HTTP,
        scheme = "bearer", description = "The token that POST /api/sessions returns, sent as "
                + "'Authorization: Bearer <token>'. In Swagger UI: log in, copy the token, press Authorize, paste it.")
@SecurityScheme(securitySchemeName = SecuritySchemes.COOKIE, type = SecuritySchemeType.APIKEY,
        in = SecuritySchemeIn.COOKIE, apiKeyName = SessionConfig.SECURE_COOKIE,
        description = "The HttpOnly __Host-SESSION cookie that POST /api/sessions sets (SESSION where "
                + "session.cookie-secure is off, in dev); a browser sends it by itself.")
public class SessionResource {


    private final UserService users;
    private final SessionStore sessions;
    private final SessionConfig config;
    private final CurrentUser caller;
    private final RateLimiter limiter;
    private final ClientAddress clients;

    public SessionResource(UserService users, SessionStore sessions, SessionConfig config, CurrentUser caller,
            RateLimiter limiter, ClientAddress clients) {
        this.users = users;
        this.sessions = sessions;
        this.config = config;
        this.caller = caller;
        this.limiter = limiter;
        this.clients = clients;
    }

    @POST
    @PermitAll
    @NoStore
    @Operation(operationId = "login", summary = "Log in", description = "Checks the password (bcrypt) and creates a session HASH in Redis under "
            + "the SHA-256 of a fresh random token. The token is returned once, in the body and as an HttpOnly cookie.")
    @APIResponse(responseCode = "201", description = "Logged in",
            content = @Content(schema = @Schema(implementation = UserViews.SessionCreated.class)))
    @APIResponse(responseCode = "400", description = "Missing or invalid email or password")
    @APIResponse(responseCode = "401", description = "Wrong email or password (the same answer for both)")
    @APIResponse(responseCode = "429", description = "Too many failed attempts for this email from this address "
            + "(rate-limit.login-failures-per-email-and-address) or attempts from this address "
            + "(rate-limit.login-per-address); Retry-After says when to try again")
    @APIResponse(responseCode = "503", description = "The limits or the session store cannot be reached: the same "
            + "answer, before any password check, whatever the password; Retry-After says when to try again")
    public Response login(@NotNull @Valid UserRequests.Login body, @Context HttpServerRequest request) {
        // Counted before the password check: a refused guess costs no bcrypt work, and a right one past the limit
        // is refused too, so the limit cannot be probed. Both limits fail closed: without Redis every attempt is a
        // 503 before the password is read, where going on would answer a wrong password 401 and a right one 503.
        // The failures are counted per email *and* address, and a right password takes its attempt back: guesses
        // from one address cannot lock the account's owner out at another.
        String address = clients.of(request);
        RateLimiter.Policy failures = limiter.loginFailuresPerEmailAndAddress();
        String attempt = RateLimiter.emailAtAddress(body.email(), address);
        limiter.check(limiter.loginPerAddress(), address);
        limiter.check(failures, attempt);
        User user = users.authenticate(body.email(), body.password())
                .orElseThrow(() -> new Unauthorized("Wrong email or password"));
        limiter.refund(failures, attempt);
        String token = sessions.create(user);
        SessionStore.Session session = sessions.require(token);
        Instant expiresAt = sessions.expiresAt(session);
        return Response.created(URI.create("/api/sessions/current"))
                .header(HttpHeaders.SET_COOKIE, cookie(token, Duration.between(Instant.now(), expiresAt)))
                .entity(new UserViews.SessionCreated(token, expiresAt))
                .build();
    }

    @DELETE
    @Path("current")
    @Authenticated
    @SecurityRequirement(name = SecuritySchemes.BEARER)
    @SecurityRequirement(name = SecuritySchemes.COOKIE)
    @Operation(operationId = "logout", summary = "Log out", description = "Deletes this session's HASH.")
    @APIResponse(responseCode = "204", description = "Logged out")
    public Response logout() {
        SessionStore.Session session = caller.session();
        sessions.delete(session.key(), session.userId());
        return Response.noContent().header(HttpHeaders.SET_COOKIE, cookie("", Duration.ZERO)).build();
    }

    @DELETE
    @Authenticated
    @SecurityRequirement(name = SecuritySchemes.BEARER)
    @SecurityRequirement(name = SecuritySchemes.COOKIE)
    @Operation(operationId = "logoutEverywhere", summary = "Log out everywhere", description = "Deletes every session HASH of the user, found through the "
            + "SET shop:user:{id}:sessions.")
    @APIResponse(responseCode = "204", description = "Every session of the user is gone")
    public Response logoutEverywhere() {
        sessions.deleteAll(caller.id());
        return Response.noContent().header(HttpHeaders.SET_COOKIE, cookie("", Duration.ZERO)).build();
    }

    /**
     * The {@code Set-Cookie} value: {@code HttpOnly} (no script reads it), {@code SameSite=Lax} (no other site's form
     * sends it), {@code Secure} with the {@code __Host-} name unless {@code session.cookie-secure} is off
     * ({@link SessionConfig#cookieName}), {@code Path=/} and no {@code Domain}, and {@code Max-Age} equal to what is
     * left of the session's absolute lifetime, so the browser drops it when the server would refuse it anyway.
     * Written out by hand, attribute by attribute (RFC 6265): JAX-RS's {@code NewCookie} would add the obsolete
     * {@code Version} attribute. The value is a base64url token or empty, so it needs no quoting.
     */
    private String cookie(String value, Duration maxAge) {
        return config.cookieName() + "=" + value + "; Path=/; Max-Age=" + Math.max(0, maxAge.toSeconds()) + "; HttpOnly; SameSite=Lax"
                + (config.cookieSecure() ? "; Secure" : "");
    }
}
