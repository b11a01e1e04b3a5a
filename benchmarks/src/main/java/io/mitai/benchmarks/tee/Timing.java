package io.mitai.benchmarks.tee;

/** Seconds of each phase of one job, as the node sees them. */
record Timing(
    double attest,
    double input0,
    double input1,
    double run,
    double open,
    double transferNodeCpu,
    double transferWorkerCpu,
    double runWorkerCpu) {
  double job() {
    return attest + input0 + input1 + run + open;
  }
}
