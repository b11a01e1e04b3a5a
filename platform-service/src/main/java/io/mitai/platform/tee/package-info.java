/**
 * TEE jobs in the node: planning ({@link io.mitai.platform.tee.TeePlanning}, {@link
 * io.mitai.platform.tee.TeeTasks}), the enclave worker and evidence verifiers ({@link
 * io.mitai.platform.tee.EnclaveWorkers}), attested key release ({@link
 * io.mitai.platform.tee.KeyRelease}) and execution ({@link io.mitai.platform.tee.TeeJobRunner});
 * the allow-list publication at start ({@link io.mitai.platform.tee.TeeAlgorithmPublisher}).
 */
package io.mitai.platform.tee;
