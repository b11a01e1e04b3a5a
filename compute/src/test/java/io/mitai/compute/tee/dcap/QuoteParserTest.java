package io.mitai.compute.tee.dcap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mitai.compute.tee.evidence.Bytes;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Quote layouts against the fields the testdata README documents. */
class QuoteParserTest {

  @Nested
  class SgxV3 {
    @Test
    void reads_mrenclave_mrsigner_and_report_data_at_the_documented_offsets() throws Exception {
      Quote q = QuoteParser.parse(DcapTestData.phalaSgx().quote());
      SgxReportBody body = (SgxReportBody) q.body();
      assertThat(q.header().version()).isEqualTo(3);
      assertThat(q.header().teeType()).isEqualTo(TeeType.SGX);
      assertThat(q.header().qeSvn()).isEqualTo(10);
      assertThat(q.header().pceSvn()).isEqualTo(15);
      assertThat(body.mrEnclave().hex())
          .isEqualTo("33d8736db756ed4997e04ba358d27833188f1932ff7b1d156904d3f560452fbb");
      assertThat(body.mrSigner().hex())
          .isEqualTo("815f42f11cf64430c30bab7816ba596a1da0130c3b028b673133a66cf9a3e0e6");
      assertThat(body.reportData()).isEqualTo(DcapTestData.padded("48656c6c6f2c20776f726c6421"));
      assertThat(body.isvProdId()).isZero();
      assertThat(q.signedPart().length()).isEqualTo(48 + 384);
    }

    @Test
    void the_qe_report_is_intel_s_quoting_enclave() throws Exception {
      Quote q = QuoteParser.parse(DcapTestData.phalaSgx().quote());
      assertThat(q.signatureData().qeReport().mrSigner().hex()).startsWith("8c4f5775");
    }

    @Test
    void the_fortanix_enclave_is_in_debug_mode_and_phala_s_is_not() throws Exception {
      assertThat(QuoteParser.parse(DcapTestData.fortanixSgx().quote()).body().debug()).isTrue();
      assertThat(QuoteParser.parse(DcapTestData.phalaSgx().quote()).body().debug()).isFalse();
    }
  }

  @Nested
  class Tdx {
    @Test
    void v4_reads_mrtd_and_tee_tcb_svn_through_the_type_6_nesting() throws Exception {
      Quote q = QuoteParser.parse(DcapTestData.phalaTdx().quote());
      TdReportBody body = (TdReportBody) q.body();
      assertThat(q.header().version()).isEqualTo(4);
      assertThat(q.header().teeType()).isEqualTo(TeeType.TDX);
      assertThat(body.tdOneFive()).isFalse();
      assertThat(body.mrTd().hex()).startsWith("91eb2b44d141d4ec");
      assertThat(body.teeTcbSvn().hex()).startsWith("06010300");
      assertThat(q.signatureData().qeReport().mrSigner().hex()).startsWith("dc9e2a7c");
    }

    @Test
    void v5_reads_the_td_1_5_body_after_its_type_and_length() throws Exception {
      Quote q = QuoteParser.parse(DcapTestData.phalaTdxV5().quote());
      TdReportBody body = (TdReportBody) q.body();
      assertThat(q.header().version()).isEqualTo(5);
      assertThat(body.tdOneFive()).isTrue();
      assertThat(body.mrTd().hex()).startsWith("273828c46252fcbd");
      assertThat(q.signedPart().length()).isEqualTo(48 + 6 + 648);
    }
  }

  @Nested
  class Padding {
    @Test
    void quote_length_finds_the_documented_end_before_trailing_bytes() throws Exception {
      assertThat(QuoteParser.quoteLength(Bytes.of(DcapTestData.read("tdx/phala/tdx_quote"))))
          .isEqualTo(4936);
      assertThat(
              QuoteParser.quoteLength(
                  Bytes.of(DcapTestData.read("tdx/go-tdx-guest/tdx_prod_quote_SPR_E4.dat"))))
          .isEqualTo(4935);
      assertThat(DcapTestData.quote("tdx/automata/quotev4.hex").length()).isEqualTo(4935);
      assertThat(DcapTestData.quote("sgx-v3/automata/quotev3.hex").length()).isEqualTo(4734);
    }
  }
}
