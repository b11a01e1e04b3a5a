/**
 * Pure task rules: {@link io.mitai.platform.task.domain.TaskPlanning#plan} turns a request into a
 * {@link io.mitai.platform.task.domain.TaskPlan} or a problem; {@link
 * io.mitai.platform.task.domain.SessionDesign#of} turns a plan into the compute session's roles,
 * spec and per-party inputs; {@link io.mitai.platform.task.domain.DocumentValues} is the canonical
 * JSON the node hashes (parameters, result documents).
 */
package io.mitai.platform.task.domain;
