/**
 * Every error as an RFC 9457 problem ({@code application/problem+json}): the exceptions a feature throws
 * ({@link org.acme.shop.http.problem.NotFound}, {@link org.acme.shop.http.problem.Conflict},
 * {@link org.acme.shop.http.problem.ServiceUnavailable}, …), their mapping to responses
 * ({@link org.acme.shop.http.problem.ProblemMappers}: never a stack trace), and the problem answers declared once for
 * the OpenAPI document ({@link org.acme.shop.http.problem.ProblemResponses}).
 * <p>
 * Imports: the HTTP kernel only.
 */
package org.acme.shop.http.problem;
