package io.palisade.config.gateway;

import io.palisade.config.internal.PemFileCheck;
import io.palisade.config.internal.YamlTree;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Checks the tenants of gateway.yaml: names are DNS labels and unique, a {@code trust} other
 * than {@code local} is a PEM bundle of certificates, every CRL file holds PEM CRLs.
 */
final class TenantChecks {

    private TenantChecks() {
    }

    static void run(CheckContext context) {
        JsonNode tenants = context.root().path("tenants");
        if (!tenants.isArray()) {
            return;
        }
        Map<String, String> pathsByName = new HashMap<>();
        for (int i = 0; i < tenants.size(); i++) {
            String path = YamlTree.element("tenants", i);
            JsonNode tenant = tenants.get(i);
            JsonNode name = tenant.get("name");
            context.checkLabel(path + ".name", name);
            CheckContext.text(name).ifPresent(n -> {
                String first = pathsByName.putIfAbsent(n, path);
                if (first != null) {
                    context.report(path + ".name", n, "a tenant name used once; " + first + " has it too");
                }
            });
            CheckContext.text(tenant.get("trust")).filter(t -> !t.equals(GatewayBinder.LOCAL))
                    .ifPresent(t -> context.checkFile(path + ".trust", tenant.get("trust"), PemFileCheck.Kind.CERTIFICATES));
            JsonNode crls = tenant.path("revocation").path("crls");
            for (int c = 0; c < crls.size(); c++) {
                context.checkFile(YamlTree.element(path + ".revocation.crls", c), crls.get(c), PemFileCheck.Kind.CRLS);
            }
        }
    }
}
