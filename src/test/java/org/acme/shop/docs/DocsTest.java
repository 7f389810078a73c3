package org.acme.shop.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * The docs name only what exists: every relative link and {@code #anchor} of every Markdown file of the repository
 * resolves, and every class, {@code Class.method}, configuration key and file path written as inline code is in the
 * code base ({@link DocsChecker} says what is checked and what is left alone). Every failure is listed, as file:line.
 */
class DocsTest {

    @Test
    void everyLinkAnchorClassMethodConfigurationKeyAndPathTheDocsNameExists() throws IOException {
        Project project = Project.current();
        Map<String, String> pages = new TreeMap<>();
        for (String file : project.markdownFiles()) {
            pages.put(file, Files.readString(project.root().resolve(file)));
        }
        assertThat(pages).containsKeys("README.md", "CONTRIBUTING.md", "docs/cache-aside.md");

        List<String> failures = new DocsChecker(project).check(pages);

        assertThat(failures).withFailMessage("%d problems in the docs:%n%s", failures.size(),
                String.join(System.lineSeparator(), failures)).isEmpty();
    }
}
