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

    /** A tableswitch and a lookupswitch, whose operands are aligned to 4 bytes from the start of the code. */
    public String switches(String text) {
        String size;
        switch (text.length()) {
            case 0:
                size = "none";
                break;
            case 1:
                size = "one";
                break;
            case 2:
                size = "two";
                break;
            default:
                size = "many";
        }
        switch (text.hashCode()) {
            case 97: // "a"
                return size.concat(" a");
            case 98 * 31 * 31 * 31:
                return size.concat(" sparse");
            case -1000000:
                return size.concat(" negative");
            default:
                return size;
        }
    }

    /** Exception handlers, a loop and branches: a StackMapTable of several frames of several kinds. */
    public String parse(String text) {
        int sum = 0;
        for (String part : text.split(",")) {
            try {
                long value = Long.parseLong(part.trim());
                if (value < 0) {
                    throw new IllegalArgumentException("negative");
                }
                sum += (int) value;
            } catch (NumberFormatException notANumber) {
                return "not a number: ".concat(part);
            } catch (IllegalArgumentException negative) {
                sum = -1;
                break;
            }
        }
        return String.valueOf(sum);
    }

    /** A type annotation on a cast: a RuntimeVisibleTypeAnnotations attribute in the code, naming its offset. */
    public String annotated(String text) {
        Object value = text;
        return (@Marked String) value;
    }

    /** Arguments taking two local slots each before the one the hook replaces, which is past local 3. */
    public String wide(long first, double second, String text) {
        return text.concat(" ").concat(String.valueOf(first + second));
    }
}
