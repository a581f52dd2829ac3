package fintrans.common.cli;

import java.util.Optional;
import java.util.function.Supplier;

import fintrans.common.health.HealthServer;
import picocli.CommandLine.Option;

/** The health endpoint options every service shares; add it to a command with {@code @Mixin}. */
public final class HealthOptions {

    @Option(names = "--health-port", paramLabel = "PORT", defaultValue = "${env:PORT0}",
            description = "Serve GET /health on this port: 200 while the service works, 503 with the reason "
                    + "otherwise. Default: PORT0, the first port Marathon assigns, else no endpoint.")
    private Integer port;

    @Option(names = "--health-address", paramLabel = "HOST", defaultValue = "0.0.0.0",
            description = "Address the health endpoint listens on. Default: ${DEFAULT-VALUE}.")
    private String address;

    /** Starts the endpoint when a port was given. */
    public Optional<HealthServer> start(Supplier<String> problem) {
        if (port == null) {
            return Optional.empty();
        }
        return Optional.of(HealthServer.start(address, port, problem));
    }
}
