package io.mitai.compute.share;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast cell reader must agree exactly with the BigDecimal path wherever it answers. */
class DecimalFixedPointTest {

  private static void agrees(String cell) {
    long fast = DecimalFixedPoint.parseScaled(cell);
    if (fast == DecimalFixedPoint.NOT_PLAIN) {
      return;
    }
    assertThat(BigDecimal.valueOf(fast))
        .as("cell '%s'", cell)
        .isEqualTo(new BigDecimal(DecimalFixedPoint.encode(new BigDecimal(cell.trim()))));
  }

  @Test
  void plain_decimals_are_read_exactly_as_bigdecimal_reads_them() {
    for (String c :
        List.of(
            "0",
            "-0",
            "+7",
            "12.5",
            "-12.50",
            " 3.25 ",
            "5.",
            ".5",
            "-.000001",
            "999999999999.999999",
            "-999999999999.999999",
            "0.000000",
            "\t42\n")) {
      assertThat(DecimalFixedPoint.parseScaled(c)).as(c).isNotEqualTo(DecimalFixedPoint.NOT_PLAIN);
      agrees(c);
    }
    Random r = new Random(6);
    for (int i = 0; i < 20_000; i++) {
      BigDecimal x =
          new BigDecimal(r.nextLong() % 1_000_000_000_000_000L).movePointLeft(r.nextInt(9));
      agrees(x.toPlainString());
      agrees(" " + x.toPlainString() + " ");
    }
  }

  @Test
  void anything_else_is_left_to_the_bigdecimal_path() {
    for (String c :
        List.of(
            "",
            " ",
            "-",
            "+",
            ".",
            "1e3",
            "1E-2",
            "0.1234567",
            "1234567890123",
            "1.2.3",
            "12a",
            "--1",
            "\u0661\u0662",
            "1 000",
            "NaN",
            "0x10")) {
      assertThat(DecimalFixedPoint.parseScaled(c)).as(c).isEqualTo(DecimalFixedPoint.NOT_PLAIN);
    }
  }
}
