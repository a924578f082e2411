import javax.servlet.http.Cookie;
import org.springframework.http.ResponseCookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class LoginController {
    public void plain(HttpServletResponse response, String token) {
        // ruleid: java-cookie-insecure
        Cookie c = new Cookie("session", token);
        c.setPath("/");
        response.addCookie(c);
    }

    public void onlyHttpOnly(HttpServletResponse response, String token) {
        // ruleid: java-cookie-insecure
        Cookie c = new Cookie("session", token);
        c.setHttpOnly(true);
        response.addCookie(c);
    }

    public void explicitFalse(HttpServletResponse response, String token) {
        Cookie c = new Cookie("session", token);
        c.setHttpOnly(true);
        // ruleid: java-cookie-insecure
        c.setSecure(false);
        response.addCookie(c);
    }

    public void good(HttpServletResponse response, String token) {
        // ok: java-cookie-insecure
        Cookie c = new Cookie("session", token);
        c.setHttpOnly(true);
        c.setSecure(true);
        c.setPath("/");
        response.addCookie(c);
    }

    public void goodDynamic(HttpServletRequest request, HttpServletResponse response, String token) {
        // ok: java-cookie-insecure
        Cookie c = new Cookie("session", token);
        c.setSecure(request.isSecure());
        c.setHttpOnly(true);
        response.addCookie(c);
    }

    public String readOnly(HttpServletRequest request) {
        // ok: java-cookie-insecure
        Cookie probe = new Cookie("probe", "1");
        return probe.getName();
    }

    public void preference(HttpServletResponse response) {
        // not a credential: a UI preference cookie
        // ok: java-cookie-insecure
        Cookie c = new Cookie("theme", "dark");
        response.addCookie(c);
    }

    public Object springCookie(String token) {
        // ruleid: java-cookie-insecure
        return ResponseCookie.from("SESSION", token).httpOnly(true).secure(false).build();
    }
}
