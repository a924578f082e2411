import java.io.InputStream;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import javax.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.client.RestTemplate;

public class ProxyController {
    private final RestTemplate restTemplate = new RestTemplate();

    public InputStream proxy(HttpServletRequest request) throws Exception {
        String target = request.getParameter("url");
        // ruleid: java-ssrf
        return new URL(target).openConnection().getInputStream();
    }

    @GetMapping("/preview")
    public String preview(@RequestParam String url) {
        // ruleid: java-ssrf
        return restTemplate.getForObject(url, String.class);
    }

    @GetMapping("/img")
    public String image(@RequestParam("host") String host) {
        // ruleid: java-ssrf
        return restTemplate.getForObject("http://" + host + "/logo.png", String.class);
    }

    @GetMapping("/user")
    public String user(@RequestParam String id) {
        // ok: java-ssrf
        return restTemplate.getForObject("https://api.example.com/users/" + id, String.class);
    }

    public InputStream health() throws Exception {
        // ok: java-ssrf
        return new URL("https://status.example.com/health").openStream();
    }

    @GetMapping("/search")
    public String search(@RequestParam String q) {
        String enc = URLEncoder.encode(q, StandardCharsets.UTF_8);
        // ok: java-ssrf
        return restTemplate.getForObject("https://search.example.com/q?term=" + enc, String.class);
    }
}
