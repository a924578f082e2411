import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.RequestParam;

public class Tools {
    public Process ping(HttpServletRequest request) throws IOException {
        String host = request.getParameter("host");
        // ruleid: java-command-injection
        return Runtime.getRuntime().exec("ping -c 1 " + host);
    }

    public Process viaVariable(HttpServletRequest request) throws IOException {
        String input = request.getParameter("dir");
        String cmd = "ls " + input;
        // ruleid: java-command-injection
        return Runtime.getRuntime().exec(cmd);
    }

    public Process run(String cmd) throws IOException {
        // ruleid: java-command-injection
        return Runtime.getRuntime().exec(cmd);
    }

    public Process shell(String script) throws IOException {
        // ruleid: java-command-injection
        return new ProcessBuilder("sh", "-c", script).start();
    }

    public Process shellList(@RequestParam String file) throws IOException {
        // ruleid: java-command-injection
        return new ProcessBuilder(Arrays.asList("/bin/bash", "-c", "convert " + file + " out.png")).start();
    }

    public Process shellArray(String dir) throws IOException {
        // ruleid: java-command-injection
        return Runtime.getRuntime().exec(new String[] {"sh", "-c", "ls " + dir});
    }

    public Process shellArrayVar(HttpServletRequest request) throws IOException {
        // ruleid: java-command-injection
        String[] cmd = {"/bin/sh", "-c", "tar czf /tmp/x.tgz " + request.getParameter("path")};
        return Runtime.getRuntime().exec(cmd);
    }

    public Process programFromInput(@RequestParam String tool) throws IOException {
        // ruleid: java-command-injection
        return new ProcessBuilder(tool, "--version").start();
    }

    public Process safe(@RequestParam String host) throws IOException {
        // ok: java-command-injection
        return new ProcessBuilder("ping", "-c", "1", host).start();
    }

    public Process safeList(HttpServletRequest request) throws IOException {
        List<String> args = new ArrayList<>(List.of("git", "log", "--"));
        args.add(request.getParameter("path"));
        // ok: java-command-injection
        return new ProcessBuilder(args).start();
    }

    public Process fixed() throws IOException {
        // ok: java-command-injection
        return Runtime.getRuntime().exec("git rev-parse HEAD");
    }

    public Process constantVariable() throws IOException {
        final String cmd = "uptime";
        // ok: java-command-injection
        return Runtime.getRuntime().exec(cmd);
    }

    public Process argv(String dir) throws IOException {
        // ok: java-command-injection
        return Runtime.getRuntime().exec(new String[] {"ls", "-la", dir});
    }

    public Process fixedShell() throws IOException {
        // ok: java-command-injection
        return new ProcessBuilder("sh", "-c", "make clean && make").start();
    }

    public Process toolFromConfig(String javaHome) throws IOException {
        // a program path from a method argument (not request data) is ordinary launcher code
        // ok: java-command-injection
        return new ProcessBuilder(javaHome + "/bin/java", "-version").start();
    }
}
