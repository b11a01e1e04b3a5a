/**
 * Result delivery: {@link io.mitai.compute.deliver.DocumentJson} (the bytes that are hashed and
 * served) and {@link io.mitai.compute.deliver.ResultSealer} (HPKE to the requester).
 */
package io.mitai.compute.deliver;
