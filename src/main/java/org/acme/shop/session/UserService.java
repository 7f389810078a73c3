package org.acme.shop.session;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.elytron.security.common.BcryptUtil;
import org.acme.shop.common.Conflict;
import org.acme.shop.common.NotFound;
import org.hibernate.exception.ConstraintViolationException;

/** Users in PostgreSQL: registration, password checks, profile changes. Knows nothing of Redis. */
@ApplicationScoped
@Transactional
public class UserService {

    /**
     * Compared against when the email is unknown, so that a wrong email costs the same bcrypt work as a wrong
     * password and the response time does not tell which one it was.
     */
    private static final String DUMMY_HASH = BcryptUtil.bcryptHash("no such user, no such password");

    public User register(UserRequests.Registration request) {
        User user = new User();
        user.email = normalise(request.email());
        user.passwordHash = BcryptUtil.bcryptHash(request.password());
        user.displayName = request.displayName().strip();
        user.createdAt = now();
        user.updatedAt = user.createdAt;
        try {
            user.persistAndFlush();
        } catch (ConstraintViolationException e) {
            if ("app_user_email_key".equals(e.getConstraintName())) {
                throw new Conflict("An account with this email already exists");
            }
            throw e;
        }
        return user;
    }

    public Optional<User> authenticate(String email, String password) {
        Optional<User> user = User.find("email", normalise(email)).firstResultOptional();
        boolean matches = BcryptUtil.matches(password, user.map(u -> u.passwordHash).orElse(DUMMY_HASH));
        return matches ? user : Optional.empty();
    }

    public User changeDisplayName(long userId, String displayName) {
        User user = User.<User>findByIdOptional(userId).orElseThrow(() -> new NotFound("No user with id " + userId));
        user.displayName = displayName.strip();
        user.updatedAt = now();
        return user;
    }

    private static String normalise(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
