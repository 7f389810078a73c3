package org.acme.shop.session;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The response bodies of the user, session and cart endpoints. */
public final class UserViews {

    private UserViews() {
    }

    @Schema(name = "Profile")
    public record Profile(@Schema(example = "7") long id, @Schema(example = "ada@example.org") String email,
            @Schema(example = "Ada") String displayName) {
    }

    @Schema(name = "SessionCreated")
    public record SessionCreated(
            @Schema(description = "Send as 'Authorization: Bearer <token>' (or use the session cookie)",
                    example = "q9Zy3qJm5bW0pE8xk1vYfN2uHc7tLrS4aD6gK0wXeI8") String token,
            @Schema(description = "When the session ends at the latest (absolute lifetime)") Instant expiresAt) {
    }
}
