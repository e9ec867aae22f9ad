package io.palisade.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code palisade version}: the build's version and the Java runtime it runs on. */
@Command(name = "version", description = "Print the version of Palisade and of its Java runtime.")
final class VersionCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        for (String line : new Provider().getVersion()) {
            spec.commandLine().getOut().println(line);
        }
    }

    static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                    "palisade " + version(),
                    "java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
            };
        }

        static String version() {
            Properties props = new Properties();
            try (InputStream in = VersionCommand.class.getResourceAsStream("/io/palisade/app/version.properties")) {
                if (in == null) {
                    return "unknown";
                }
                props.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return props.getProperty("version", "unknown");
        }
    }
}
