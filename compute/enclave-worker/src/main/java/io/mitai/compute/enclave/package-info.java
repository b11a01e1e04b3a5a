/**
 * The enclave worker: a separate process that runs only its built-in, measured algorithms over
 * inputs whose keys were released to its attested ephemeral key. Entry points: {@link
 * io.mitai.compute.enclave.EnclaveWorkerMain} (the worker process), {@link
 * io.mitai.compute.enclave.WorkerProcess} (the node starting it in sandbox mode), {@link
 * io.mitai.compute.enclave.WorkerClient} (the node's side of a job), {@link
 * io.mitai.compute.enclave.AlgorithmCatalog} (algorithms and measurements). The wire protocol is
 * {@link io.mitai.compute.enclave.WorkerProtocol}, its cryptography {@link
 * io.mitai.compute.enclave.JobCrypto}; see docs/tee.md.
 */
package io.mitai.compute.enclave;
