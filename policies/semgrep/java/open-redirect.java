import java.io.IOException;
import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.view.RedirectView;

@Controller
public class LoginController {
    private static final Set<String> TARGETS = Set.of("/home", "/account");

    public void after(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String next = request.getParameter("next");
        // ruleid: java-open-redirect
        response.sendRedirect(next);
    }

    public void header(HttpServletRequest request, HttpServletResponse response) {
        response.setStatus(302);
        // ruleid: java-open-redirect
        response.setHeader("Location", request.getParameter("to"));
    }

    @GetMapping("/go")
    public String go(@RequestParam String url) {
        // ruleid: java-open-redirect
        return "redirect:" + url;
    }

    @GetMapping("/view")
    public RedirectView view(@RequestParam("target") String target) {
        // ruleid: java-open-redirect
        return new RedirectView(target);
    }

    @GetMapping("/local")
    public String local(@RequestParam String page) {
        // ok: java-open-redirect
        return "redirect:/pages/" + page;
    }

    @GetMapping("/query")
    public String query(@RequestParam String q) {
        // ok: java-open-redirect
        return "redirect:/search?q=" + q;
    }

    public void allowlisted(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String next = request.getParameter("next");
        if (TARGETS.contains(next)) {
            // ok: java-open-redirect
            response.sendRedirect(next);
        }
    }

    public void fixed(HttpServletResponse response) throws IOException {
        // ok: java-open-redirect
        response.sendRedirect("/login");
    }
}
