package org.acme.shop.user;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.acme.shop.http.validation.MaxUtf8Bytes;
import org.acme.shop.http.validation.NoControlCharacters;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The request bodies of the user, session and cart endpoints. */
public final class UserRequests {

    /** What bcrypt reads of a password: a longer one would be stored with its tail ignored. */
    public static final int PASSWORD_MAX_BYTES = 72;

    /**
     * The longest password a login accepts: 72 characters of four bytes each, what registration allowed while it
     * counted characters, so that no account registered then is locked out. Beyond it a login is refused before
     * bcrypt, which would read 72 bytes of it anyway.
     */
    static final int LOGIN_PASSWORD_MAX_BYTES = 4 * PASSWORD_MAX_BYTES;

    private UserRequests() {
    }

    @Schema(name = "Registration")
    public record Registration(
            @Schema(example = "ada@example.org") @NotBlank @Email @Size(max = 254) @NoControlCharacters String email,
            @Schema(description = "At least 12 characters, at most 72 bytes in UTF-8 (what bcrypt reads)",
                    example = "correct horse battery")
            @NotNull @Size(min = 12, message = "must be at least 12 characters")
            @MaxUtf8Bytes(value = PASSWORD_MAX_BYTES, message = "must be at most 72 bytes in UTF-8: bcrypt reads no more")
            String password,
            @Schema(example = "Ada") @NotBlank @Size(max = 100) @NoControlCharacters String displayName) {
    }

    @Schema(name = "Login")
    public record Login(
            @Schema(example = "ada@example.org") @NotBlank @Size(max = 254) @NoControlCharacters String email,
            @Schema(example = "correct horse battery") @NotBlank @MaxUtf8Bytes(LOGIN_PASSWORD_MAX_BYTES)
            String password) {
    }

    @Schema(name = "ProfileChange")
    public record ProfileChange(
            @Schema(example = "Ada L.") @NotBlank @Size(max = 100) @NoControlCharacters String displayName) {
    }
}
