/**
 * The <b>HTTP kernel</b>: what every resource shares. Request limits ({@link org.acme.shop.http.RequestLimits}), the
 * client's address behind trusted proxies ({@link org.acme.shop.http.ClientAddress}), answers no cache may keep
 * ({@link org.acme.shop.http.NoStore}), the entity tags and {@code 304} of public reads
 * ({@link org.acme.shop.http.EntityTags}), and who may call what: the roles ({@link org.acme.shop.http.Roles}) and
 * the names of the OpenAPI security schemes ({@link org.acme.shop.http.SecuritySchemes}). Errors are in
 * {@code http.problem}, the checks of parameters and bodies in {@code http.validation}.
 * <p>
 * Imports: no package of this project outside {@code http}.
 */
package org.acme.shop.http;
