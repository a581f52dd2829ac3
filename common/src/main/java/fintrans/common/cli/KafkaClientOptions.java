package fintrans.common.cli;

import java.nio.file.Path;

import fintrans.common.kafka.ClientSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The option for Kafka client properties that every service shares; add it with {@code @Mixin}. */
public final class KafkaClientOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--kafka-config", paramLabel = "FILE", defaultValue = "${env:KAFKA_CLIENT_CONFIG}",
            description = "Kafka client properties added to every Kafka client, such as security.protocol, "
                    + "sasl.mechanism, sasl.jaas.config or ssl.truststore.location for a secured cluster. "
                    + "Default: KAFKA_CLIENT_CONFIG, else none.")
    private Path file;

    /**
     * Loads the file given with {@code --kafka-config} or {@code KAFKA_CLIENT_CONFIG}.
     *
     * @throws ParameterException naming the file when it is missing or unreadable
     */
    public ClientSettings settings() {
        if (file == null) {
            return ClientSettings.none();
        }
        try {
            return ClientSettings.load(file);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "invalid --kafka-config (or KAFKA_CLIENT_CONFIG): "
                    + e.getMessage());
        }
    }
}
