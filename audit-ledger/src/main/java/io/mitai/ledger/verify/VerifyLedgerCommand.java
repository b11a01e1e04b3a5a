package io.mitai.ledger.verify;

import io.mitai.ledger.InclusionProof;
import io.mitai.ledger.VerificationReport;
import io.mitai.ledger.codec.ProofJson;
import io.mitai.ledger.embedded.BlockSource;
import io.mitai.ledger.embedded.JdbcBlockSource;
import io.mitai.ledger.embedded.LedgerExport;
import io.mitai.ledger.embedded.LedgerVerifier;
import io.mitai.ledger.evidence.BundleException;
import io.mitai.ledger.evidence.EvidenceBundle;
import io.mitai.ledger.merkle.ProofException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Map;
import java.util.TreeMap;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The auditor's offline verifier. Trusts nothing but the ledger public key it is given.
 *
 * <pre>
 *   verify-ledger --key ledger.pem --export ledger.jsonl
 *   verify-ledger --key ledger.pem --jdbc jdbc:postgresql://host/db --user u --password p
 *   verify-ledger --key ledger.pem --proof proof.json
 *   verify-ledger --key ledger.pem --bundle evidence.json
 * </pre>
 *
 * Exit status: 0 verified, 1 not verified, 2 usage or input error.
 */
public final class VerifyLedgerCommand {

  private VerifyLedgerCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  static int run(String[] args, PrintStream out) {
    Map<String, String> options = new TreeMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        return usage(out, "unexpected argument " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    if (args.length % 2 != 0 || !options.containsKey("key")) {
      return usage(out, "a --key is required");
    }
    try {
      PublicKey key =
          PublicKeys.fromPem(Files.readString(Path.of(options.get("key")), StandardCharsets.UTF_8));
      if (options.containsKey("proof")) {
        InclusionProof proof = ProofJson.decode(Files.readAllBytes(Path.of(options.get("proof"))));
        proof.verify(key);
        out.println(
            "VERIFIED: transaction "
                + proof.txId()
                + " is leaf "
                + proof.leafIndex()
                + " of the ledger tree of size "
                + proof.treeHead().treeSize()
                + " signed at "
                + proof.treeHead().timestamp());
        return 0;
      }
      if (options.containsKey("bundle")) {
        EvidenceBundle.Verified bundle =
            EvidenceBundle.verify(Files.readAllBytes(Path.of(options.get("bundle"))), key);
        out.println(
            "VERIFIED: evidence bundle of data set "
                + bundle.assetId()
                + ": "
                + bundle.records().size()
                + " record versions included in the ledger tree of size "
                + bundle.treeHead().treeSize()
                + " signed at "
                + bundle.treeHead().timestamp()
                + "; the PROV document matches them");
        return 0;
      }
      BlockSource source;
      if (options.containsKey("export")) {
        source = LedgerExport.read(Path.of(options.get("export")));
      } else if (options.containsKey("jdbc")) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(options.get("jdbc"));
        ds.setUser(options.getOrDefault("user", ""));
        ds.setPassword(options.getOrDefault("password", ""));
        source = JdbcBlockSource.of(ds);
      } else {
        return usage(out, "give --export, --jdbc, --proof or --bundle");
      }
      VerificationReport report = new LedgerVerifier(key).verify(source);
      if (report.intact()) {
        out.println(
            "VERIFIED: "
                + report.blocksChecked()
                + " blocks, "
                + report.transactionsChecked()
                + " transactions; tree size "
                + report.treeHead().map(h -> h.treeSize() + ", root " + h.rootHex()).orElse("0"));
        return 0;
      }
      out.println(
          "NOT VERIFIED: block "
              + report.firstBadBlock().orElseThrow()
              + ": "
              + report.problem().orElseThrow());
      return 1;
    } catch (ProofException | BundleException e) {
      out.println("NOT VERIFIED: " + e.getMessage());
      return 1;
    } catch (Exception e) {
      out.println("ERROR: " + e.getMessage());
      return 2;
    }
  }

  private static int usage(PrintStream out, String problem) {
    out.println("ERROR: " + problem);
    out.println(
        "usage: verify-ledger --key ledger.pem (--export FILE | --jdbc URL [--user U --password P] | --proof FILE | --bundle FILE)");
    return 2;
  }
}
