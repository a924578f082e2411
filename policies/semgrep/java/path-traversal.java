import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

public class FileController {
    private static final String BASE = "/srv/uploads";
    private final Path baseDir = Paths.get(BASE);

    public byte[] download(HttpServletRequest request) throws Exception {
        String name = request.getParameter("file");
        // ruleid: java-path-traversal
        return Files.readAllBytes(Paths.get(BASE, name));
    }

    public InputStream stream(HttpServletRequest request) throws Exception {
        File f = new File(BASE, request.getParameter("path"));
        // ruleid: java-path-traversal
        return new FileInputStream(f);
    }

    @GetMapping("/files")
    public byte[] spring(@RequestParam("name") String name) throws Exception {
        Path p = baseDir.resolve(name);
        // ruleid: java-path-traversal
        return Files.readAllBytes(p);
    }

    @GetMapping("/avatars/{user}")
    public byte[] avatar(@PathVariable String user) throws Exception {
        // ruleid: java-path-traversal
        return Files.readAllBytes(baseDir.resolve(user + ".png"));
    }

    public byte[] safeName(HttpServletRequest request) throws Exception {
        Path name = Paths.get(request.getParameter("file")).getFileName();
        // ok: java-path-traversal
        return Files.readAllBytes(baseDir.resolve(name));
    }

    public byte[] checked(@RequestParam String name) throws Exception {
        Path p = baseDir.resolve(name).normalize();
        if (!p.startsWith(baseDir)) {
            throw new SecurityException("bad path");
        }
        // ok: java-path-traversal
        return Files.readAllBytes(p);
    }

    public byte[] fixed() throws Exception {
        // ok: java-path-traversal
        return Files.readAllBytes(baseDir.resolve("index.html"));
    }
}
