package io.palisade.config.gateway;

import static java.util.Objects.requireNonNull;

import io.palisade.config.ConfigProblem;
import io.palisade.config.LoadResult;
import io.palisade.config.internal.Problems;
import io.palisade.config.internal.SchemaCheck;
import io.palisade.config.internal.YamlTree;
import io.palisade.config.internal.YamlTreeReader;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Loads gateway.yaml into a validated {@link GatewayConfig}, or reports every problem of the file
 * at once as {@link ConfigProblem}s ({@code file:line:col: path: value (expected: …)}), sorted
 * by position.
 *
 * <p>Loading reads the YAML (syntax, duplicate keys), checks the structure against the JSON
 * Schema {@value #SCHEMA_RESOURCE} (types, required and unknown keys, enumerations), then checks
 * what a schema cannot (ports, unique names and addresses, files that must hold PEM certificates,
 * CRLs or keys, the admin endpoint on loopback). It opens no sockets and resolves no names, so
 * {@code palisade check} and a reload can run it at any time; it is safe to call from any thread.
 */
public final class GatewayConfigLoader {

    /** The class path resource of the JSON Schema of gateway.yaml, shipped for editors too. */
    public static final String SCHEMA_RESOURCE = "io/palisade/config/schema/gateway-v1.json";

    private GatewayConfigLoader() {
    }

    /**
     * Loads {@code file}; relative paths inside it are resolved against its directory. Problems
     * name the file as given here, so pass the name the operator typed.
     */
    public static LoadResult<GatewayConfig> load(Path file) {
        requireNonNull(file, "file");
        Problems problems = new Problems(file);
        Optional<YamlTree> tree = YamlTreeReader.read(problems);
        if (tree.isEmpty()) {
            return LoadResult.failed(problems.sorted());
        }
        Path baseDirectory = file.toAbsolutePath().getParent();
        GatewayChecks.run(new CheckContext(tree.get(), problems, baseDirectory));
        Schema.CHECK.check(tree.get(), problems);
        if (!problems.isEmpty()) {
            return LoadResult.failed(problems.sorted());
        }
        return LoadResult.loaded(GatewayBinder.bind(tree.get().root(), baseDirectory));
    }

    /** Loaded once, on first use. */
    private static final class Schema {
        static final SchemaCheck CHECK = SchemaCheck.fromResource(SCHEMA_RESOURCE);
    }
}
