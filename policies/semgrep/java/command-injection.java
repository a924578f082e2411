import java.io.IOException;
import java.util.Arrays;
import javax.servlet.http.HttpServletRequest;

public class Tools {
    public Process ping(HttpServletRequest request) throws IOException {
        String host = request.getParameter("host");
        // ruleid: java-command-injection
        return Runtime.getRuntime().exec("ping -c 1 " + host);
    }

    public Process run(String cmd) throws IOException {
        // ruleid: java-command-injection
        return Runtime.getRuntime().exec(cmd);
    }

    public Process shell(String script) throws IOException {
        // ruleid: java-command-injection
        return new ProcessBuilder("sh", "-c", script).start();
    }

    public Process shellList(String file) throws IOException {
        // ruleid: java-command-injection
        return new ProcessBuilder(Arrays.asList("/bin/bash", "-c", "convert " + file + " out.png")).start();
    }

    public Process shellArray(String dir) throws IOException {
        // ruleid: java-command-injection
        return Runtime.getRuntime().exec(new String[] {"sh", "-c", "ls " + dir});
    }

    public Process safe(String host) throws IOException {
        // ok: java-command-injection
        return new ProcessBuilder("ping", "-c", "1", host).start();
    }

    public Process fixed() throws IOException {
        // ok: java-command-injection
        return Runtime.getRuntime().exec("git rev-parse HEAD");
    }

    public Process argv(String dir) throws IOException {
        // ok: java-command-injection
        return Runtime.getRuntime().exec(new String[] {"ls", "-la", dir});
    }

    public Process fixedShell() throws IOException {
        // ok: java-command-injection
        return new ProcessBuilder("sh", "-c", "make clean && make").start();
    }
}
