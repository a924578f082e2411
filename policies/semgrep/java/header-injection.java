import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.RequestParam;

public class DownloadServlet {
    public void download(HttpServletRequest request, HttpServletResponse response) {
        String file = request.getParameter("file");
        // ruleid: java-header-injection
        response.setHeader("Content-Disposition", "attachment; filename=" + file);
    }

    public void lang(@RequestParam String lang, HttpServletResponse response) {
        // ruleid: java-header-injection
        Cookie c = new Cookie("lang", lang);
        c.setSecure(true);
        c.setHttpOnly(true);
        response.addCookie(c);
    }

    public void encoded(HttpServletRequest request, HttpServletResponse response) {
        String file = URLEncoder.encode(request.getParameter("file"), StandardCharsets.UTF_8);
        // ok: java-header-injection
        response.setHeader("Content-Disposition", "attachment; filename=" + file);
    }

    public void stripped(HttpServletRequest request, HttpServletResponse response) {
        String id = request.getHeader("X-Request-Id").replaceAll("[^A-Za-z0-9-]", "");
        // ok: java-header-injection
        response.addHeader("X-Request-Id", id);
    }

    public void redirect(HttpServletRequest request, HttpServletResponse response) {
        // reported by java-open-redirect
        // ok: java-header-injection
        response.setHeader("Location", request.getParameter("next"));
    }
}
