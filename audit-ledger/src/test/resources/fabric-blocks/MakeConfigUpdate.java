import java.nio.file.Files;
import java.nio.file.Path;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigUpdate;
import org.hyperledger.fabric.protos.common.ConfigUpdateEnvelope;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.orderer.BatchTimeout;

/**
 * Used by capture.sh (not part of the build): writes an unsigned CONFIG_UPDATE envelope that
 * changes the channel's orderer BatchTimeout, from the channel's configuration block, for
 * {@code peer channel update -f} (which adds the orderer admin's signature). The read set names the
 * Channel and Orderer groups at their current versions, the write set the BatchTimeout value at its
 * next version: a configuration change that the orderer organisation's admins may make alone.
 *
 *   java -cp <fabric-protos and protobuf-java jars> MakeConfigUpdate.java CONFIG_BLOCK OUT TIMEOUT
 */
public class MakeConfigUpdate {
  public static void main(String[] args) throws Exception {
    Block block = Block.parseFrom(Files.readAllBytes(Path.of(args[0])));
    Payload payload = Payload.parseFrom(Envelope.parseFrom(block.getData().getData(0)).getPayload());
    String channel = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader()).getChannelId();
    ConfigGroup current = ConfigEnvelope.parseFrom(payload.getData()).getConfig().getChannelGroup();
    ConfigGroup orderer = current.getGroupsOrThrow("Orderer");
    ConfigValue timeout = orderer.getValuesOrThrow("BatchTimeout");
    ConfigGroup read =
        ConfigGroup.newBuilder()
            .setVersion(current.getVersion())
            .putGroups("Orderer", ConfigGroup.newBuilder().setVersion(orderer.getVersion()).build())
            .build();
    ConfigGroup write =
        ConfigGroup.newBuilder()
            .setVersion(current.getVersion())
            .putGroups(
                "Orderer",
                ConfigGroup.newBuilder()
                    .setVersion(orderer.getVersion())
                    .putValues(
                        "BatchTimeout",
                        ConfigValue.newBuilder()
                            .setVersion(timeout.getVersion() + 1)
                            .setModPolicy(timeout.getModPolicy())
                            .setValue(
                                BatchTimeout.newBuilder().setTimeout(args[2]).build().toByteString())
                            .build())
                    .build())
            .build();
    ConfigUpdate update =
        ConfigUpdate.newBuilder().setChannelId(channel).setReadSet(read).setWriteSet(write).build();
    Envelope envelope =
        Envelope.newBuilder()
            .setPayload(
                Payload.newBuilder()
                    .setHeader(
                        Header.newBuilder()
                            .setChannelHeader(
                                ChannelHeader.newBuilder()
                                    .setType(HeaderType.CONFIG_UPDATE_VALUE)
                                    .setChannelId(channel)
                                    .build()
                                    .toByteString()))
                    .setData(
                        ConfigUpdateEnvelope.newBuilder()
                            .setConfigUpdate(update.toByteString())
                            .build()
                            .toByteString())
                    .build()
                    .toByteString())
            .build();
    Files.write(Path.of(args[1]), envelope.toByteArray());
  }
}
