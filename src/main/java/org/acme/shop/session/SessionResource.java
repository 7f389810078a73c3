package org.acme.shop.session;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.Authenticated;
import org.acme.shop.common.Problem;
import org.acme.shop.common.Unauthorized;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Log in and out. The token travels as a bearer token or in the {@code SESSION} cookie. */
@Path("/api/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Sessions", description = "Sessions stored as Redis HASHes with a sliding idle timeout")
public class SessionResource {

    private static final String COOKIE = SessionAuthenticationMechanism.COOKIE;

    private final UserService users;
    private final SessionStore sessions;
    private final SessionConfig config;
    private final CurrentUser caller;

    public SessionResource(UserService users, SessionStore sessions, SessionConfig config, CurrentUser caller) {
        this.users = users;
        this.sessions = sessions;
        this.config = config;
        this.caller = caller;
    }

    @POST
    @PermitAll
    @Operation(summary = "Log in", description = "Checks the password (bcrypt) and creates a session HASH in Redis under "
            + "the SHA-256 of a fresh random token. The token is returned once, in the body and as an HttpOnly cookie.")
    @APIResponse(responseCode = "201", description = "Logged in",
            content = @Content(schema = @Schema(implementation = UserViews.SessionCreated.class)))
    @APIResponse(responseCode = "401", description = "Wrong email or password (the same answer for both)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response login(@NotNull @Valid UserRequests.Login body) {
        User user = users.authenticate(body.email(), body.password())
                .orElseThrow(() -> new Unauthorized("Wrong email or password"));
        String token = sessions.create(user);
        SessionStore.Session session = sessions.require(token);
        NewCookie cookie = new NewCookie.Builder(COOKIE).value(token).path("/").httpOnly(true)
                .secure(config.cookieSecure()).sameSite(NewCookie.SameSite.LAX)
                .maxAge((int) config.absoluteLifetime().toSeconds()).build();
        return Response.created(URI.create("/api/sessions/current"))
                .cookie(cookie)
                .entity(new UserViews.SessionCreated(token, sessions.expiresAt(session)))
                .build();
    }

    @DELETE
    @Path("current")
    @Authenticated
    @Operation(summary = "Log out", description = "Deletes this session's HASH.")
    @APIResponse(responseCode = "204", description = "Logged out")
    @APIResponse(responseCode = "401", description = "No valid session",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response logout() {
        SessionStore.Session session = caller.session();
        sessions.delete(session.key(), session.userId());
        return Response.noContent().cookie(expired()).build();
    }

    @DELETE
    @Authenticated
    @Operation(summary = "Log out everywhere", description = "Deletes every session HASH of the user, found through the "
            + "SET shop:user:{id}:sessions.")
    @APIResponse(responseCode = "204", description = "Every session of the user is gone")
    @APIResponse(responseCode = "401", description = "No valid session",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response logoutEverywhere() {
        sessions.deleteAll(caller.id());
        return Response.noContent().cookie(expired()).build();
    }

    private NewCookie expired() {
        return new NewCookie.Builder(COOKIE).value("").path("/").httpOnly(true).secure(config.cookieSecure())
                .sameSite(NewCookie.SameSite.LAX).maxAge(0).build();
    }
}
