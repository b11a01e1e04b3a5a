/**
 * Input validation at the REST edge, one place for every resource.
 *
 * <p>Entry points: {@link io.mitai.platform.validation.Validate} (the one id pattern, names and
 * free text without control or format characters), {@link io.mitai.platform.validation.PathIds}
 * (every path parameter of every resource checked against the id pattern before the resource runs)
 * and {@link io.mitai.platform.validation.StrictJson} (strict parsing of every JSON request body).
 */
package io.mitai.platform.validation;
