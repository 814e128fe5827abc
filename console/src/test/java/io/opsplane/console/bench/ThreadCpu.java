package io.opsplane.console.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of a JVM's JIT compiler and GC threads, told apart by their names, and of all its threads. */
record ThreadCpu(long compilerNanos, long gcNanos, long allNanos) {

    /** This JVM's. */
    static ThreadCpu now() throws IOException {
        return of(Path.of("/proc/self/task"));
    }

    /** Another JVM's, on this machine. */
    static ThreadCpu of(Process jvm) {
        try {
            return of(Path.of("/proc", String.valueOf(jvm.pid()), "task"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ThreadCpu of(Path tasks) throws IOException {
        long compiler = 0;
        long gc = 0;
        long all = 0;
        try (var threads = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) threads::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    all += ticks;
                    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                        compiler += ticks;
                    } else if (name.startsWith("GC Thread")) {
                        gc += ticks;
                    }
                } catch (IOException | RuntimeException ended) {
                    // the thread has ended
                }
            }
        }
        // /proc counts in clock ticks of 10 ms
        return new ThreadCpu(compiler * 10_000_000L, gc * 10_000_000L, all * 10_000_000L);
    }

    ThreadCpu minus(ThreadCpu earlier) {
        return new ThreadCpu(compilerNanos - earlier.compilerNanos, gcNanos - earlier.gcNanos,
                allNanos - earlier.allNanos);
    }
}
