package org.acme.shop.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link IgnoreFile} answers as git and Docker do: on the repository's own ignore files, and on the rules of the two
 * formats where they differ (the examples of git's gitignore documentation and Docker's .dockerignore reference).
 */
class IgnoreFileTest {

    @TempDir
    Path tree;

    @Test
    void theRepositorysGitignoreKeepsItsScriptsAndIgnoresBuildOutputAndSecrets() {
        IgnoreFile gitignore = IgnoreFile.gitignore(DeploymentFiles.ROOT);
        assertThat(gitignore.ignores("bin/local-services")).as("re-included after /bin/*").isFalse();
        assertThat(gitignore.ignores("bin/Main.class")).as("Eclipse's output in bin/").isTrue();
        assertThat(gitignore.ignores("target/classes/application.properties")).isTrue();
        assertThat(gitignore.ignores("docs/.DS_Store")).as("a name without a slash, at any depth").isTrue();
        assertThat(gitignore.ignores("k8s/app-secrets.env")).isTrue();
        assertThat(gitignore.ignores("k8s/app-secrets.env.example")).isFalse();
        assertThat(gitignore.ignores("k8s/redis/app-secrets.env")).as("* stops at a slash").isFalse();
        assertThat(gitignore.ignores("src/main/java/org/acme/shop/catalog/cache/ProductCache.java")).isFalse();
    }

    @Test
    void theRepositorysDockerignoreKeepsSecretsAndBuildOutputOutOfTheImageBuild() {
        IgnoreFile dockerignore = IgnoreFile.dockerignore(DeploymentFiles.ROOT);
        assertThat(dockerignore.ignores("k8s/app-secrets.env")).as("everything under k8s/").isTrue();
        assertThat(dockerignore.ignores(".env")).isTrue();
        assertThat(dockerignore.ignores("target/quarkus-app/quarkus-run.jar")).isTrue();
        assertThat(dockerignore.ignores("src/main/docker/Dockerfile")).isFalse();
        assertThat(dockerignore.ignores("pom.xml")).isFalse();
    }

    @Test
    void gitLooksNeitherInsideAnIgnoredDirectoryNorAtFilesForADirectoryPattern() throws IOException {
        Files.createDirectories(tree.resolve("doc/frotz"));
        Files.createDirectories(tree.resolve("a/doc/frotz"));
        Files.createDirectories(tree.resolve("logs"));
        write(".gitignore", """
                # a comment
                doc/frotz/
                build/
                logs/
                !logs/keep.txt
                foo/**/bar
                **/cache
                [Tt]emp-?.txt
                \\#hash
                """);
        IgnoreFile gitignore = IgnoreFile.gitignore(tree);
        assertThat(gitignore.ignores("doc/frotz")).as("a slash in the middle ties it to the root").isTrue();
        assertThat(gitignore.ignores("a/doc/frotz")).isFalse();
        assertThat(gitignore.ignores("build")).as("a trailing slash matches directories only").isFalse();
        assertThat(gitignore.ignores("x/build/out.jar")).as("a directory build, at any depth").isTrue();
        assertThat(gitignore.ignores("logs/keep.txt")).as("no re-include inside an ignored directory").isTrue();
        assertThat(gitignore.ignores("foo/bar")).as("**/ stands for no directory, too").isTrue();
        assertThat(gitignore.ignores("foo/a/b/bar")).isTrue();
        assertThat(gitignore.ignores("x/y/cache")).isTrue();
        assertThat(gitignore.ignores("Temp-1.txt")).isTrue();
        assertThat(gitignore.ignores("temp-12.txt")).as("? is one character").isFalse();
        assertThat(gitignore.ignores("#hash")).as("an escaped # is a name, not a comment").isTrue();
        assertThat(gitignore.ignores("a comment")).isFalse();
    }

    @Test
    void dockerTiesEveryPatternToTheRootAndReincludesInsideAnIgnoredDirectory() throws IOException {
        write(".dockerignore", """
                logs/
                !logs/keep.txt
                *.iml
                **/*.log
                /secrets
                """);
        IgnoreFile dockerignore = IgnoreFile.dockerignore(tree);
        assertThat(dockerignore.ignores("logs/today.txt")).isTrue();
        assertThat(dockerignore.ignores("logs/keep.txt")).as("a later ! re-includes inside a directory").isFalse();
        assertThat(dockerignore.ignores("app.iml")).isTrue();
        assertThat(dockerignore.ignores("module/app.iml")).as("no matching at any depth without **").isFalse();
        assertThat(dockerignore.ignores("module/out/app.log")).isTrue();
        assertThat(dockerignore.ignores("secrets/key.pem")).isTrue();
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(tree.resolve(name), text);
    }
}
