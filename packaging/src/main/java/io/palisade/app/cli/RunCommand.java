package io.palisade.app.cli;

import static net.logstash.logback.argument.StructuredArguments.kv;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.palisade.app.admin.AdminRoutes;
import io.palisade.app.admin.AdminServer;
import io.palisade.app.admin.GatewayStatus;
import io.palisade.app.gateway.AssemblyException;
import io.palisade.app.gateway.Gateway;
import io.palisade.app.gateway.ReloadOutcome;
import io.palisade.app.gateway.Reloader;
import io.palisade.app.logging.AuditLog;
import io.palisade.app.logging.JsonLogging;
import io.palisade.app.logging.MqttAudit;
import io.palisade.app.logging.ReloadLog;
import io.palisade.app.metrics.Metrics;
import io.palisade.app.metrics.MqttMetrics;
import io.palisade.app.metrics.ProxyMetrics;
import io.palisade.app.metrics.ReloadMetrics;
import io.palisade.app.metrics.UpdateMetrics;
import io.palisade.config.ConfigProblem;
import io.palisade.config.LoadResult;
import io.palisade.config.gateway.GatewayConfig;
import io.palisade.config.gateway.GatewayConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code palisade run}: the appliance. Loads gateway.yaml (every problem and exit 1, as
 * {@code palisade check}), assembles the gateway ({@link Gateway#assemble}), starts the admin
 * endpoint, binds every listener, and serves until SIGTERM or SIGINT.
 *
 * <p>From the moment the configuration has loaded, everything is a JSON line on stdout: one
 * {@code event=listening} line per listener with the address it is bound to (the real port when
 * configured as 0), one {@code event=admin} line, {@code event=ready}, the audit lines of every
 * device ({@link AuditLog}), and on stop {@code event=stopping} and {@code event=stopped}.
 *
 * <p>Reloading: on SIGHUP and whenever a file it reads is replaced, each part (identity, trust,
 * deny list, policy) is validated and swapped in, or kept with one WARN line
 * ({@code event=reload-failed}, the problems with file:line:col); see {@link Reloader}.
 *
 * <p>Stopping (a JVM shutdown hook): readiness turns 503, new devices are refused, connections
 * already relaying get {@code --drain-seconds} to finish, then everything is closed and the
 * process exits 0.
 */
@Command(name = "run", description = {
        "Run the gateway: listeners, admin endpoint (/livez /readyz /metrics /status /explain), JSON logs on stdout.",
        "Exit 1 when the configuration is invalid or the gateway cannot start; stops gracefully on SIGTERM/SIGINT."})
final class RunCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger("palisade.gateway");
    /** A burst of file events within this reloads once. */
    private static final Duration RELOAD_DEBOUNCE = Duration.ofMillis(250);
    /** How long one CRL distribution point may take to connect and to answer. */
    private static final Duration CRL_FETCH_TIMEOUT = Duration.ofSeconds(15);

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "/etc/palisade/gateway.yaml",
            description = "The gateway configuration (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--drain-seconds", defaultValue = "10", paramLabel = "N",
            description = "On stop, how long relaying connections may take to finish (default: ${DEFAULT-VALUE}).")
    int drainSeconds;

    @Override
    public Integer call() throws InterruptedException {
        if (drainSeconds < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--drain-seconds: " + drainSeconds + " (expected: >= 0)");
        }
        LoadResult<GatewayConfig> result = GatewayConfigLoader.load(config);
        if (!result.isLoaded()) {
            PrintWriter err = spec.commandLine().getErr();
            result.problems().stream().map(ConfigProblem::toString).forEach(err::println);
            err.printf("%s: invalid, %d problem%s%n", config, result.problems().size(), result.problems().size() == 1 ? "" : "s");
            err.flush();
            return 1;
        }
        GatewayConfig c = result.orElseThrow();
        JsonLogging.install(c.site());
        PrometheusMeterRegistry registry = Metrics.newRegistry();
        Gateway gateway;
        try {
            gateway = Gateway.assemble(c, List.of(new ProxyMetrics(registry), new AuditLog()),
                    List.of(new MqttMetrics(registry), new MqttAudit()), Clock.systemUTC());
        } catch (AssemblyException e) {
            return failed(e.problems());
        }
        Instant startedAt = Instant.now();
        String version = VersionCommand.Provider.version();
        AdminServer admin;
        try {
            admin = AdminServer.start(c.admin().bind().toSocketAddress(), new AdminRoutes(
                    () -> status(c, version, startedAt, gateway), registry::scrape, gateway.policies()));
        } catch (IllegalStateException e) {
            gateway.close();
            return failed(List.of(e.getMessage()));
        }
        try {
            gateway.start();
        } catch (AssemblyException e) {
            admin.close();
            return failed(e.problems());
        }
        UpdateMetrics.register(registry, gateway::updateStatus);
        ReloadMetrics reloadMetrics = new ReloadMetrics(registry);
        ReloadLog reloadLog = new ReloadLog();
        Consumer<ReloadOutcome> report = reloadMetrics.andThen(reloadLog);
        gateway.startCrlFetcher(fetch -> {
            reloadMetrics.crlFetch(fetch);
            reloadLog.crlFetch(fetch);
        }, CRL_FETCH_TIMEOUT);
        Reloader reloader;
        try {
            reloader = gateway.startReloader(report, RELOAD_DEBOUNCE, true);
        } catch (java.io.IOException e) {
            gateway.close();
            admin.close();
            return failed(List.of("reload: cannot watch the configured files (" + e + ")"));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            reloader.close();
            stop(gateway, admin, stopped);
        }, "palisade-shutdown"));
        log.info("admin endpoint {} {}", kv("event", "admin"), kv("address", Gateway.format(admin.address())));
        gateway.listeners().forEach((name, address) -> log.info("listening {} {} {} {}", kv("event", "listening"),
                kv("listener", name), kv("address", Gateway.format(address)),
                kv("routeTo", routeTo(name, gateway))));
        log.info("policy {} {} {} {}", kv("event", "policy"), kv("generation", gateway.policies().generation()),
                kv("policies", gateway.policies().current().policySet().policies().size()),
                kv("enforcedOnRoutes", gateway.policyEnforced()));
        log.info("ready {} {}", kv("event", "ready"), kv("version", version));
        stopped.await();
        return 0;
    }

    private void stop(Gateway gateway, AdminServer admin, CountDownLatch stopped) {
        log.info("stopping {} {}", kv("event", "stopping"), kv("drainSeconds", drainSeconds));
        try {
            boolean drained = gateway.shutdown(Duration.ofSeconds(drainSeconds));
            if (!drained) {
                log.warn("drain deadline passed, closing the rest {} {}", kv("event", "drain-timeout"),
                        kv("drainSeconds", drainSeconds));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            admin.close();
            log.info("stopped {}", kv("event", "stopped"));
            stopped.countDown();
            JsonLogging.stop();
            System.out.flush();
            // A signal-initiated exit reports 128+signal; a gateway that stopped as asked exits 0.
            Runtime.getRuntime().halt(0);
        }
    }

    private Integer failed(List<String> problems) {
        problems.forEach(p -> log.error("cannot start {} {}", kv("event", "failed"), kv("problem", p)));
        PrintWriter err = spec.commandLine().getErr();
        problems.forEach(p -> err.println("palisade: " + p));
        err.flush();
        return 1;
    }

    private static GatewayStatus status(GatewayConfig c, String version, Instant startedAt, Gateway gateway) {
        List<GatewayStatus.Listener> listeners = !gateway.isReady() ? List.of() : gateway.listeners().entrySet().stream()
                .map(e -> new GatewayStatus.Listener(e.getKey(), Gateway.format(e.getValue()), routeTo(e.getKey(), gateway)))
                .toList();
        return new GatewayStatus(c.site(), version, startedAt, gateway.isReady(), listeners,
                gateway.activeConnections(), gateway.connections(), gateway.policies().generation(), gateway.updateStatus());
    }

    private static String routeTo(String listener, Gateway gateway) {
        return gateway.routes().stream().filter(r -> r.name().equals(listener)).map(r -> r.upstream().toString())
                .findFirst().orElse("(services)");
    }
}
