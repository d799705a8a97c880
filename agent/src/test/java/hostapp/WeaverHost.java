package hostapp;

import java.net.SocketAddress;
import java.util.List;

/**
 * A class for {@code io.imdsagent.install.WeaverTest} to weave, outside the agent's packages (which are never
 * rewritten): one method per hook shape, compiled like any application class. Its woven copy is defined in a
 * loader of its own. The methods the exit shapes hook do not assign to their arguments, as those shapes expect.
 */
public class WeaverHost {
    public final long id;
    public final String proxy;

    public WeaverHost() {
        this(0, "none");
    }

    public WeaverHost(long id, String proxy) {
        this.id = id;
        this.proxy = proxy;
    }

    public String greet(String who) {
        return "hello ".concat(who);
    }

    /** javac puts the loop's test first, so the method's first instruction has a stack map frame. */
    public String padded(String text) {
        while (text.length() < 3) {
            text = text.concat(".");
        }
        return text;
    }

    public void record(List<Object> log) {
        log.add("own body");
    }

    public SocketAddress connect(SocketAddress target, int timeout) {
        return target;
    }

    public String open(String url, Object proxy) {
        return "opened ".concat(url);
    }

    public boolean shouldProxy(String address) {
        return !address.isEmpty();
    }

    public Object server() {
        return this;
    }

    public static String describe(String text) {
        return text;
    }
}
