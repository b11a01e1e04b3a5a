package io.mitai.platform.asset.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SegmentedCipherTest {

  static final SecretKey KEY = new SecretKeySpec(new byte[32], "AES");
  static final byte[] PREFIX = {1, 2, 3, 4};
  static final int SEGMENT = SegmentedCipher.MIN_SEGMENT;

  static byte[] plaintext(int size) {
    byte[] data = new byte[size];
    new Random(42).nextBytes(data);
    return data;
  }

  static byte[] encrypt(byte[] plain, String assetId) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (SegmentedCipher.Writer w =
        new SegmentedCipher.Writer(out, KEY, PREFIX, assetId, SEGMENT)) {
      w.write(plain);
    }
    return out.toByteArray();
  }

  static byte[] decrypt(byte[] sealed, String assetId) throws IOException {
    try (InputStream in =
        new SegmentedCipher.Reader(new ByteArrayInputStream(sealed), KEY, PREFIX, assetId)) {
      return in.readAllBytes();
    }
  }

  /** Splits a stream into its raw segments (length prefix included). */
  static List<byte[]> segments(byte[] sealed) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(sealed));
    in.skipNBytes(SegmentedCipher.MAGIC.length);
    List<byte[]> segments = new ArrayList<>();
    while (in.available() > 0) {
      int length = in.readInt();
      byte[] body = in.readNBytes(length);
      segments.add(ByteBuffer.allocate(4 + length).putInt(length).put(body).array());
    }
    return segments;
  }

  static byte[] join(List<byte[]> segments) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(SegmentedCipher.MAGIC);
    segments.forEach(out::writeBytes);
    return out.toByteArray();
  }

  @Test
  void round_trips_every_size_around_segment_boundaries() throws IOException {
    for (int size : new int[] {0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 3 * SEGMENT + 7}) {
      byte[] plain = plaintext(size);
      assertThat(decrypt(encrypt(plain, "asset-1"), "asset-1")).isEqualTo(plain);
    }
  }

  @Test
  void a_flipped_bit_is_detected() throws IOException {
    byte[] sealed = encrypt(plaintext(2 * SEGMENT), "asset-1");
    sealed[sealed.length / 2] ^= 1;
    assertThatThrownBy(() -> decrypt(sealed, "asset-1"))
        .isInstanceOf(SegmentedCipher.IntegrityException.class);
  }

  @Test
  void a_truncated_stream_is_detected_even_at_a_segment_boundary() throws IOException {
    List<byte[]> segments = segments(encrypt(plaintext(3 * SEGMENT + 5), "asset-1"));
    byte[] truncated = join(segments.subList(0, 2));
    assertThatThrownBy(() -> decrypt(truncated, "asset-1"))
        .isInstanceOf(SegmentedCipher.IntegrityException.class);
  }

  @Test
  void reordered_segments_are_detected() throws IOException {
    List<byte[]> segments = new ArrayList<>(segments(encrypt(plaintext(3 * SEGMENT), "asset-1")));
    byte[] first = segments.get(0);
    segments.set(0, segments.get(1));
    segments.set(1, first);
    assertThatThrownBy(() -> decrypt(join(segments), "asset-1"))
        .isInstanceOf(SegmentedCipher.IntegrityException.class);
  }

  @Test
  void an_appended_segment_is_detected() throws IOException {
    List<byte[]> segments = new ArrayList<>(segments(encrypt(plaintext(2 * SEGMENT), "asset-1")));
    segments.add(segments.get(0));
    assertThatThrownBy(() -> decrypt(join(segments), "asset-1"))
        .isInstanceOf(SegmentedCipher.IntegrityException.class);
  }

  @Test
  void ciphertext_of_another_asset_does_not_decrypt() throws IOException {
    byte[] sealed = encrypt(plaintext(100), "asset-1");
    assertThatThrownBy(() -> decrypt(sealed, "asset-2"))
        .isInstanceOf(SegmentedCipher.IntegrityException.class);
  }

  @Test
  void the_ciphertext_does_not_contain_the_plaintext() throws IOException {
    byte[] plain = "Ada,Lovelace,1815-12-10\n".repeat(100).getBytes();
    byte[] sealed = encrypt(plain, "asset-1");
    assertThat(Arrays.toString(sealed)).doesNotContain(Arrays.toString("Lovelace".getBytes()));
  }
}
