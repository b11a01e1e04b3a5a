package io.mitai.platform.asset.domain;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits on an upload; exceeding one is a 413 problem. */
@ConfigMapping(prefix = "mitai.assets")
public interface UploadLimits {

  /** Largest request body, in bytes. */
  @WithDefault("67108864")
  long maxBytes();

  /** Most data rows (the header not counted). */
  @WithDefault("1000000")
  long maxRows();

  @WithDefault("256")
  int maxColumns();

  /** Longest cell, in characters. */
  @WithDefault("4096")
  int maxCellLength();

  /** Plaintext bytes per encrypted segment, 16384..65536. */
  @WithDefault("65536")
  int segmentSize();
}
