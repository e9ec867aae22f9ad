package io.palisade.app.gateway;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot reload for {@code palisade run}: on SIGHUP, and when a watched file is replaced (an atomic
 * rename shows as the final name being created; an edit in place as modifications), the parts
 * that read it are reloaded — each validated first, swapped atomically, or kept with the reason
 * reported ({@link ReloadOutcome}).
 *
 * <pre>
 * SIGHUP ───────────────┐
 * WatchService thread ──┴─▶ queue ─▶ reload thread: collect until quiet for {@code debounce},
 *  (directories of the                               then reload each part asked, in order
 *   watched files)
 * </pre>
 *
 * A burst of events (an editor's write, rename and chmod; a ConfigMap swap) reloads once. A
 * directory that does not exist yet is watched through its parent, so creating the policy
 * directory reloads the policy. Reloads run one at a time, on the reload thread.
 */
public final class Reloader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("palisade.gateway");

    private final WatchedFiles watched;
    private final Function<Reloadable, ReloadOutcome> reload;
    private final Consumer<ReloadOutcome> report;
    private final Duration debounce;
    private final BlockingQueue<Set<Reloadable>> requests = new LinkedBlockingQueue<>();
    private final WatchService watcher;
    private final Thread watching;
    private final Thread reloading;
    private final java.util.List<AutoCloseable> companions = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private Reloader(WatchedFiles watched, Function<Reloadable, ReloadOutcome> reload, Consumer<ReloadOutcome> report,
                     Duration debounce) throws IOException {
        this.watched = watched;
        this.reload = reload;
        this.report = report;
        this.debounce = debounce;
        this.watcher = FileSystems.getDefault().newWatchService();
        for (Path dir : directories()) {
            register(dir);
        }
        this.watching = new Thread(this::watch, "palisade-watch");
        this.reloading = new Thread(this::reloadLoop, "palisade-reload");
        watching.setDaemon(true);
        reloading.setDaemon(true);
    }

    /**
     * Starts watching the files of {@code watched}; {@code reload} reloads one part (it must not
     * throw), {@code report} hears every outcome.
     */
    static Reloader start(WatchedFiles watched, Function<Reloadable, ReloadOutcome> reload, Consumer<ReloadOutcome> report,
                          Duration debounce) throws IOException {
        requireNonNull(debounce, "debounce");
        if (debounce.isNegative()) {
            throw new IllegalArgumentException("debounce: " + debounce + " (expected: >= 0)");
        }
        Reloader r = new Reloader(requireNonNull(watched, "watched"), requireNonNull(reload, "reload"),
                requireNonNull(report, "report"), debounce);
        r.watching.start();
        r.reloading.start();
        return r;
    }

    /** Asks for {@code parts} to be reloaded (soon, on the reload thread). */
    public void request(Set<Reloadable> parts) {
        if (!parts.isEmpty()) {
            requests.add(EnumSet.copyOf(parts));
        }
    }

    /**
     * Reloads every part on SIGHUP from now on. Returns false where the JVM offers no signal
     * handling (the file watch still works).
     */
    public boolean reloadOnSighup() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
                log.info("SIGHUP: reloading everything {}", net.logstash.logback.argument.StructuredArguments.kv("event", "sighup"));
                request(Reloadable.all());
            });
            return true;
        } catch (IllegalArgumentException | LinkageError e) {
            log.warn("SIGHUP cannot be handled here ({}); file changes still reload", e.toString());
            return false;
        }
    }

    /** Closes {@code resource} with this reloader (a helper that requests reloads). */
    void alsoClose(AutoCloseable resource) {
        companions.add(requireNonNull(resource, "resource"));
    }

    @Override
    public void close() {
        for (AutoCloseable c : companions) {
            try {
                c.close();
            } catch (Exception e) {
                log.debug("closing {}", c, e);
            }
        }
        closed = true;
        reloading.interrupt();
        try {
            watcher.close();
        } catch (IOException e) {
            log.debug("closing the watch service", e);
        }
    }

    private Set<Path> directories() {
        Set<Path> dirs = new LinkedHashSet<>();
        watched.files().keySet().forEach(f -> dirs.add(f.getParent()));
        dirs.addAll(watched.trees().keySet());
        return dirs;
    }

    /** Watches {@code dir}, or its nearest existing ancestor while it does not exist. */
    private void register(Path dir) {
        Path existing = dir;
        while (existing != null && !Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        try {
            existing.register(watcher, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
        } catch (IOException e) {
            log.warn("cannot watch {} ({}); SIGHUP still reloads", existing, e.toString());
        }
    }

    private void watch() {
        try {
            while (!closed) {
                WatchKey key = watcher.take();
                Path dir = (Path) key.watchable();
                Set<Reloadable> parts = EnumSet.noneOf(Reloadable.class);
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == OVERFLOW) {
                        parts.addAll(Reloadable.all());
                        continue;
                    }
                    Path name = (Path) event.context();
                    Path changed = dir.resolve(name);
                    parts.addAll(watched.partsOf(changed));
                    if (name.toString().startsWith("..")) {
                        parts.addAll(watched.partsIn(dir)); // Kubernetes ConfigMap: ..data swapped
                    }
                    if (event.kind() == ENTRY_CREATE && Files.isDirectory(changed)) {
                        directories().stream().filter(d -> d.startsWith(changed)).forEach(this::register);
                    }
                }
                key.reset();
                request(parts);
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    private void reloadLoop() {
        try {
            while (!closed) {
                Set<Reloadable> parts = EnumSet.copyOf(requests.take());
                for (Set<Reloadable> more; (more = requests.poll(debounce.toNanos(), TimeUnit.NANOSECONDS)) != null; ) {
                    parts.addAll(more);
                }
                for (Reloadable part : parts) {
                    ReloadOutcome outcome = reload.apply(part);
                    try {
                        report.accept(outcome);
                    } catch (RuntimeException e) {
                        log.error("reload report failed for {}", part, e);
                    }
                }
            }
        } catch (InterruptedException e) {
            // closing
        }
    }
}
