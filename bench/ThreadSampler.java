import com.sun.tools.attach.VirtualMachine;
import java.io.PrintWriter;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A wall-clock sampler of a few named threads of a running JVM (bench/db-capture.sh, PROFILE=1): where a
 * thread spends its time, waiting included, which a CPU profile does not show. Loaded into the runtime
 * as a Java agent over the attach API (no change to the runtime, no restart): a daemon thread takes the
 * stack of each matching thread every --interval ms for --seconds, then writes collapsed stacks
 * ("count<TAB>thread<TAB>state<TAB>outermost;...;innermost frame") to --out and ends. bench/db-profile.py
 * sorts them into categories.
 *
 *   javac -d DIR bench/ThreadSampler.java && printf 'Agent-Class: ThreadSampler\n' > m.txt && jar cfm agent.jar m.txt -C DIR .
 *   java -cp agent.jar ThreadSampler <pid> agent.jar "<name part>[|<name part>...]" <seconds> <intervalMs> <out file>
 */
public class ThreadSampler {

    public static void main(String[] args) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        try {
            vm.loadAgent(Path.of(args[1]).toAbsolutePath().toString(), String.join("\u0001", args[2], args[3], args[4], args[5]));
        } finally {
            vm.detach();
        }
    }

    public static void agentmain(String arg, Instrumentation inst) {
        String[] a = arg.split("\u0001");
        String[] names = a[0].split("\\|");
        long seconds = Long.parseLong(a[1]);
        long interval = Long.parseLong(a[2]);
        Path out = Path.of(a[3]);
        Thread t = new Thread(() -> sample(names, seconds, interval, out), "bench-thread-sampler");
        t.setDaemon(true);
        t.start();
    }

    static void sample(String[] names, long seconds, long intervalMs, Path out) {
        Map<String, Integer> counts = new HashMap<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> targets = new ArrayList<>();
        long nextLookup = 0;
        try {
            while (System.nanoTime() < end) {
                if (System.nanoTime() > nextLookup) {    // threads come and go (a restarted route gets new ones)
                    targets.clear();
                    for (Thread th : Thread.getAllStackTraces().keySet()) {
                        for (String n : names) {
                            if (th.getName().contains(n)) {
                                targets.add(th);
                            }
                        }
                    }
                    nextLookup = System.nanoTime() + 2_000_000_000L;
                }
                for (Thread th : targets) {
                    StackTraceElement[] st = th.getStackTrace();
                    Thread.State state = th.getState();
                    if (st.length == 0) {
                        continue;
                    }
                    StringBuilder s = new StringBuilder();
                    for (int i = st.length - 1; i >= 0; i--) {
                        s.append(st[i].getClassName()).append('.').append(st[i].getMethodName());
                        if (i > 0) {
                            s.append(';');
                        }
                    }
                    String group = th.getName().replaceAll("#\\d+", "#N").replaceAll("-\\d+$", "-N");
                    counts.merge(group + "\t" + state + "\t" + s, 1, Integer::sum);
                }
                Thread.sleep(intervalMs);
            }
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
                counts.forEach((k, v) -> w.println(v + "\t" + k));
            }
        } catch (Exception e) {
            e.printStackTrace();
        }
    }
}
