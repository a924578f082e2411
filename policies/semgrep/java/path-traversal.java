import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.servlet.http.HttpServletRequest;
import org.apache.commons.io.FilenameUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

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

    public InputStream direct(jakarta.servlet.http.HttpServletRequest request) throws Exception {
        // ruleid: java-path-traversal
        return new FileInputStream(request.getParameter("path"));
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

    public void upload(MultipartFile file) throws Exception {
        // ruleid: java-path-traversal
        file.transferTo(new File(BASE, file.getOriginalFilename()));
    }

    public void remove(@RequestParam String name) {
        File target = new File(BASE + "/" + name);
        // ruleid: java-path-traversal
        target.delete();
    }

    public void write(@RequestParam String name, byte[] body) throws Exception {
        // ruleid: java-path-traversal
        try (FileOutputStream out = new FileOutputStream(Path.of(BASE, name).toFile())) {
            out.write(body);
        }
    }

    public byte[] safeName(HttpServletRequest request) throws Exception {
        Path name = Paths.get(request.getParameter("file")).getFileName();
        // ok: java-path-traversal
        return Files.readAllBytes(baseDir.resolve(name));
    }

    public byte[] safeCommons(@RequestParam String file) throws Exception {
        String name = FilenameUtils.getName(file);
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

    public InputStream canonical(@RequestParam String name) throws Exception {
        File f = new File(BASE, name);
        String canonical = f.getCanonicalPath();
        if (canonical.startsWith(BASE + File.separator)) {
            // ok: java-path-traversal
            return new FileInputStream(canonical);
        }
        throw new SecurityException("bad path");
    }

    public byte[] fixed() throws Exception {
        // ok: java-path-traversal
        return Files.readAllBytes(baseDir.resolve("index.html"));
    }

    public byte[] internal(String relative) throws Exception {
        // helper argument, not request data
        // ok: java-path-traversal
        return Files.readAllBytes(baseDir.resolve(relative));
    }
}
