package io.palisade.config.gateway;

import io.palisade.config.internal.Durations;
import io.palisade.config.internal.KeyMatchCheck;
import io.palisade.config.internal.PemFileCheck;
import io.palisade.config.internal.Problems;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * The checks of gateway.yaml that a JSON Schema cannot express: names and durations with a
 * precise message, files that must exist and hold the right PEM, the policy directory and site
 * registry named explicitly that must exist (their content is {@code palisade policy check}'s), the admin endpoint kept on
 * loopback. Tenants and listeners have their own classes. Each check looks only at values of the
 * right type; a wrong type is reported by the schema.
 */
final class GatewayChecks {

    private final CheckContext context;

    private GatewayChecks(CheckContext context) {
        this.context = context;
    }

    static void run(CheckContext context) {
        GatewayChecks checks = new GatewayChecks(context);
        JsonNode root = context.root();
        if (!root.isObject()) {
            return;
        }
        context.checkLabel("site", root.get("site"));
        checks.identity(root.get("identity"));
        context.checkFile("denyList", root.get("denyList"), PemFileCheck.Kind.ANY);
        context.checkDirectory("policies", root.get("policies"));
        context.checkFile("registry", root.get("registry"), PemFileCheck.Kind.ANY);
        checks.limits(root.path("limits"));
        checks.admin(root.path("admin"));
        TenantChecks.run(context);
        ListenerChecks.run(context);
        CloudChecks.run(context);
    }

    private void identity(JsonNode identity) {
        if (identity == null) {
            return;
        }
        if (identity.isObject()) {
            boolean certificateOk = context.checkFile("identity.certificate", identity.get("certificate"),
                    PemFileCheck.Kind.CERTIFICATES);
            boolean keyOk = context.checkFile("identity.key", identity.get("key"), PemFileCheck.Kind.PRIVATE_KEY);
            if (certificateOk && keyOk) {
                String key = identity.get("key").asString();
                KeyMatchCheck.check(context.resolve(identity.get("certificate").asString()), context.resolve(key))
                        .ifPresent(reason -> context.report("identity.key", key,
                                "the private key of identity.certificate; " + reason));
            }
        } else if (!identity.isString() || !identity.asString().equals(GatewayBinder.LOCAL)) {
            context.report("identity", Problems.describe(identity),
                    "local, or a mapping with certificate and key");
        }
    }

    private void limits(JsonNode limits) {
        for (String name : new String[] {"handshakeTimeout", "idleTimeout"}) {
            CheckContext.text(limits.get(name)).ifPresent(text -> {
                String path = "limits." + name;
                Duration duration = Durations.parse(text).orElse(null);
                if (duration == null) {
                    context.report(path, text, Durations.EXPECTED);
                } else if (duration.isZero()) {
                    context.report(path, text, "a duration > 0");
                }
            });
        }
        for (String name : new String[] {"maxConnections", "handshakesPerSecondPerAddress"}) {
            JsonNode value = limits.get(name);
            if (value != null && value.isIntegralNumber() && value.bigIntegerValue().signum() <= 0) {
                context.report("limits." + name, value.asString(), "> 0");
            }
        }
    }

    private void admin(JsonNode admin) {
        CheckContext.text(admin.get("bind")).ifPresent(bind -> {
            var problem = HostPort.problemWith(bind);
            if (problem.isPresent()) {
                context.report("admin.bind", bind, problem.get());
            } else if (!HostPort.parse(bind).isLoopback() && !admin.path("unsafeAllowNonLoopbackAdmin").asBoolean(false)) {
                context.report("admin.bind", bind, "a loopback address such as 127.0.0.1:9090, or unsafeAllowNonLoopbackAdmin: true "
                        + "to expose the unauthenticated admin endpoint");
            }
        });
    }
}
