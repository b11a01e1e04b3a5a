/**
 * Secret-sharing arithmetic: {@link io.mitai.compute.share.Ring64} and {@link
 * io.mitai.compute.share.Ring128}, {@link io.mitai.compute.share.AdditiveSharing} with seeded
 * shares, the {@link io.mitai.compute.share.Prg} (AES-CTR), fixed-point encodings ({@link
 * io.mitai.compute.share.FixedPoint}, {@link io.mitai.compute.share.DecimalFixedPoint}) and Beaver
 * triples dealt as seeds plus one correction vector ({@link io.mitai.compute.share.BeaverTriples},
 * {@link io.mitai.compute.share.DotProductTriples}).
 */
package io.mitai.compute.share;
