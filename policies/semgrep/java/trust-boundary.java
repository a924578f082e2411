import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpSession;
import org.springframework.web.bind.annotation.RequestParam;

public class SessionController {
    public void remember(HttpServletRequest request) {
        // ruleid: java-trust-boundary
        request.getSession().setAttribute("role", request.getParameter("role"));
    }

    public void spring(@RequestParam String userId, HttpSession session) {
        // ruleid: java-trust-boundary
        session.setAttribute("userId", userId);
    }

    public void numeric(HttpServletRequest request) {
        int page = Integer.parseInt(request.getParameter("page"));
        // ok: java-trust-boundary
        request.getSession().setAttribute("page", page);
    }

    public void serverSide(HttpServletRequest request, String authenticatedUser) {
        // ok: java-trust-boundary
        request.getSession().setAttribute("user", authenticatedUser);
    }
}
