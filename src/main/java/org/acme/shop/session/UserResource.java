package org.acme.shop.session;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;
import org.acme.shop.http.ClientAddress;
import org.acme.shop.http.NoStore;
import org.acme.shop.http.SecuritySchemes;
import org.acme.shop.ratelimit.RateLimiter;
import org.acme.shop.user.User;
import org.acme.shop.user.UserRequests;
import org.acme.shop.user.UserService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Users", description = "Accounts in PostgreSQL (bcrypt passwords); the profile is read from the session HASH")
@NoStore
public class UserResource {

    private final UserService users;
    private final SessionStore sessions;
    private final CurrentUser caller;
    private final RateLimiter limiter;
    private final ClientAddress clients;

    public UserResource(UserService users, SessionStore sessions, CurrentUser caller, RateLimiter limiter,
            ClientAddress clients) {
        this.users = users;
        this.sessions = sessions;
        this.caller = caller;
        this.limiter = limiter;
        this.clients = clients;
    }

    @POST
    @PermitAll
    @Operation(operationId = "register", summary = "Register", description = "Stores the user in PostgreSQL with a bcrypt hash of the password.")
    @APIResponse(responseCode = "201", description = "Registered",
            content = @Content(schema = @Schema(implementation = UserViews.Profile.class)))
    @APIResponse(responseCode = "400", description = "Bad email, password shorter than 12 characters, missing name")
    @APIResponse(responseCode = "409", description = "The email is taken")
    @APIResponse(responseCode = "429", description = "Too many registrations from this address "
            + "(rate-limit.registrations-per-address); Retry-After says when to try again")
    public Response register(@NotNull @Valid UserRequests.Registration body, @Context HttpServerRequest request) {
        limiter.check(limiter.registrationsPerAddress(), clients.of(request));
        User user = users.register(body);
        return Response.created(URI.create("/api/users/me"))
                .entity(new UserViews.Profile(user.id, user.email, user.displayName)).build();
    }

    @GET
    @Path("me")
    @Authenticated
    @SecurityRequirement(name = SecuritySchemes.BEARER)
    @SecurityRequirement(name = SecuritySchemes.COOKIE)
    @Operation(operationId = "getMyProfile", summary = "My profile", description = "Read from the session HASH alone: no SQL.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = UserViews.Profile.class)))
    public UserViews.Profile me() {
        SessionStore.Session session = caller.session();
        return new UserViews.Profile(session.userId(), session.email(), session.displayName());
    }

    @PATCH
    @Path("me")
    @Authenticated
    @SecurityRequirement(name = SecuritySchemes.BEARER)
    @SecurityRequirement(name = SecuritySchemes.COOKIE)
    @Operation(operationId = "changeMyProfile", summary = "Change my display name", description = "Writes PostgreSQL, then the displayName field of "
            + "every live session of the user.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = UserViews.Profile.class)))
    @APIResponse(responseCode = "400", description = "Missing or too long name")
    public UserViews.Profile change(@NotNull @Valid UserRequests.ProfileChange body) {
        User user = users.changeDisplayName(caller.id(), body.displayName());   // committed on return
        sessions.updateDisplayName(user.id, user.displayName);
        return new UserViews.Profile(user.id, user.email, user.displayName);
    }
}
