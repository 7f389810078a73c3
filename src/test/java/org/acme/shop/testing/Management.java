package org.acme.shop.testing;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The management interface of the application under test: {@code /q/health/*} and {@code /q/metrics} are served there,
 * on a port of their own, and the API port answers {@code 404} for them. Every test that reads health or metrics goes
 * through here, so that one place knows the port.
 */
public final class Management {

    private Management() {
    }

    /**
     * {@code quarkus.management.test-port}: Quarkus's 9001 unless {@code QUARKUS_MANAGEMENT_TEST_PORT} says otherwise.
     * Unlike the API's test port, it cannot be {@code 0} (any free port): under Quarkus 3.34 the application then never
     * finishes starting.
     */
    public static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }

    /** A RestAssured request to the management port, like {@code given()} is to the API port. */
    public static RequestSpecification given() {
        return RestAssured.given().port(port());
    }
}
