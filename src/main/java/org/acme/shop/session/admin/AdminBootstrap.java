package org.acme.shop.session.admin;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import org.acme.shop.session.SessionStore;
import org.acme.shop.user.UserRequests;
import org.acme.shop.user.UserService;
import org.jboss.logging.Logger;

/**
 * <b>The first admin comes from configuration</b>, never from a migration or a default: with
 * {@code SHOP_ADMIN_EMAIL} and {@code SHOP_ADMIN_PASSWORD} set, every start-up makes sure that user exists, is an
 * admin and has that password; without them, no admin exists. Safe when several instances start at once
 * ({@link UserService#setAdmin} is one upsert), and free when nothing changed.
 * <p>
 * When it did change something, the user's open sessions end: they carry the role of their login, and a password
 * that was reset should not leave the sessions opened with the old one alive.
 */
@ApplicationScoped
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);

    private final AdminConfig config;
    private final UserService users;
    private final SessionStore sessions;

    public AdminBootstrap(AdminConfig config, UserService users, SessionStore sessions) {
        this.config = config;
        this.users = users;
        this.sessions = sessions;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.email().isEmpty() && config.password().isEmpty()) {
            LOG.info("No shop.admin.email / shop.admin.password: no admin account is created");
            return;
        }
        String email = config.email().orElseThrow(() -> new IllegalStateException(
                "shop.admin.password is set but shop.admin.email is not: set both (SHOP_ADMIN_EMAIL) or neither"));
        String password = config.password().orElseThrow(() -> new IllegalStateException(
                "shop.admin.email is set but shop.admin.password is not: set both (SHOP_ADMIN_PASSWORD) or neither"));
        if (password.length() < 12
                || password.getBytes(StandardCharsets.UTF_8).length > UserRequests.PASSWORD_MAX_BYTES) {
            throw new IllegalStateException(
                    "shop.admin.password must be at least 12 characters and at most 72 bytes in UTF-8, like any password");
        }
        // One transaction for the upsert and the end of the old sessions: when Redis cannot end them, the change rolls
        // back and start-up fails, so the next start-up tries both again instead of finding "nothing changed" while
        // sessions opened with the old password live on. Redis gets the start-up's wait, not a request's: on a busy
        // machine the first commands of a cold JVM can take longer than 500 ms, and that must not fail the start.
        UserService.AdminSet result = QuarkusTransaction.requiringNew().call(() -> {
            UserService.AdminSet set = users.setAdmin(email, password);
            if (set.changed()) {
                sessions.deleteAllAtStartUp(set.userId());
            }
            return set;
        });
        if (result.changed()) {
            // The user id, not the email: no log line carries personal data.
            LOG.infof("Admin account (user id %d) created or updated from configuration", result.userId());
        }
    }
}
