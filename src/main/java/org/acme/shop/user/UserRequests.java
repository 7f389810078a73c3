package org.acme.shop.user;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.acme.shop.http.NoControlCharacters;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The request bodies of the user, session and cart endpoints. */
public final class UserRequests {

    private UserRequests() {
    }

    @Schema(name = "Registration")
    public record Registration(
            @Schema(example = "ada@example.org") @NotBlank @Email @Size(max = 254) @NoControlCharacters String email,
            @Schema(description = "At least 12 characters", example = "correct horse battery")
            @NotNull @Size(min = 12, max = 72, message = "must be 12 to 72 characters") String password,
            @Schema(example = "Ada") @NotBlank @Size(max = 100) @NoControlCharacters String displayName) {
    }

    @Schema(name = "Login")
    public record Login(
            @Schema(example = "ada@example.org") @NotBlank @Size(max = 254) @NoControlCharacters String email,
            @Schema(example = "correct horse battery") @NotBlank String password) {
    }

    @Schema(name = "ProfileChange")
    public record ProfileChange(
            @Schema(example = "Ada L.") @NotBlank @Size(max = 100) @NoControlCharacters String displayName) {
    }
}
