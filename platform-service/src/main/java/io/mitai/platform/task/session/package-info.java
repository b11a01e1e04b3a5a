/**
 * Compute parties on this node: {@link io.mitai.platform.task.session.PartyNetwork} runs one
 * mutual-TLS party per hosted organisation; {@link io.mitai.platform.task.session.SessionRunner}
 * runs every party of a task's session concurrently and reports the requester's result or the
 * root-cause failure.
 */
package io.mitai.platform.task.session;
