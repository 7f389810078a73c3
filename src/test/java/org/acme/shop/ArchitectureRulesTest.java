package org.acme.shop;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.quarkus.redis.datasource.RedisDataSource;
import org.junit.jupiter.api.Test;

/** The rules of {@link ArchitectureTest} fail when they should: each is shown one class that breaks it. */
class ArchitectureRulesTest {

    @Test
    void anUntypedCommandOutsideTheRedisKernelBreaksTheRule() {
        JavaClasses offender = new ClassFileImporter().importClasses(SendsAnUntypedCommand.class);

        assertThat(ArchitectureTest.onlyTheRedisKernelSendsUntypedCommands.evaluate(offender).hasViolation()).isTrue();
    }

    @Test
    void aKernelClassThatImportsAFeatureBreaksTheRule() {
        JavaClasses offender = new ClassFileImporter().importClasses(org.acme.shop.redis.KernelFixture.class);

        assertThat(ArchitectureTest.theRedisKernelImportsNothingOfTheProject.evaluate(offender).hasViolation())
                .isTrue();
    }

    static class SendsAnUntypedCommand {
        Object ping(RedisDataSource redis) {
            return redis.execute("PING");
        }
    }
}
