/**
 * The docs checker: the project's Markdown read against the repository, the compiled classes and the configuration
 * ({@link org.acme.shop.docs.DocsTest}). A plain JUnit test, no application start.
 */
package org.acme.shop.docs;
