// Test oracle: what does Kafka itself read from a KRaft bootstrap checkpoint (the file the storage
// tool's format writes into __cluster_metadata-0)?
//
// Usage: java -cp '<kafka libs>/*' test/java/CheckpointOracle.java <metadata log dir>...   (source launch)
//
// Reads <dir>/00000000000000000000-0000000000.checkpoint with Kafka's own snapshot reader and record
// serde, and prints `== <dir>`, then one line per record, in order: `control <type> <message>` or
// `data <record>`, with
// the messages' own toString. Batch timestamps are not printed; fields that hold the time of the
// format (SnapshotHeaderRecord.lastContainedLogTimestamp) are left for the caller to mask.
import java.nio.file.Path;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.LogContext;
import org.apache.kafka.metadata.MetadataRecordSerde;
import org.apache.kafka.raft.Batch;
import org.apache.kafka.raft.ControlRecord;
import org.apache.kafka.server.common.ApiMessageAndVersion;
import org.apache.kafka.server.common.OffsetAndEpoch;
import org.apache.kafka.snapshot.FileRawSnapshotReader;
import org.apache.kafka.snapshot.RecordsSnapshotReader;

public class CheckpointOracle {
    public static void main(String[] args) throws Exception {
        StringBuilder out = new StringBuilder();
        for (String dir : args) read(dir, out);
        System.out.print(out);
    }

    static void read(String dir, StringBuilder out) throws Exception {
        out.append("== ").append(dir).append('\n');
        var raw = FileRawSnapshotReader.open(Path.of(dir), new OffsetAndEpoch(0, 0));
        try (var reader = RecordsSnapshotReader.of(raw, MetadataRecordSerde.INSTANCE, BufferSupplier.create(), 8 * 1024 * 1024, true, new LogContext())) {
            while (reader.hasNext()) {
                Batch<ApiMessageAndVersion> batch = reader.next();
                for (ControlRecord c : batch.controlRecords()) out.append("control ").append(c.type()).append(' ').append(c.message()).append('\n');
                for (ApiMessageAndVersion r : batch.records()) out.append("data ").append(r).append('\n');
            }
        }
    }
}
