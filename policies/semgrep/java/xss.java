import java.io.IOException;
import java.io.PrintWriter;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.commons.text.StringEscapeUtils;
import org.owasp.encoder.Encode;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

public class GreetingServlet {
    public void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getParameter("name");
        // ruleid: java-xss
        response.getWriter().println("<h1>Hello " + name + "</h1>");
    }

    public void writer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PrintWriter out = response.getWriter();
        // ruleid: java-xss
        out.write(request.getParameter("msg"));
    }

    public void escaped(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getParameter("name");
        // ok: java-xss
        response.getWriter().println("<h1>Hello " + Encode.forHtml(name) + "</h1>");
    }

    public void escapedCommons(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PrintWriter out = response.getWriter();
        // ok: java-xss
        out.print(StringEscapeUtils.escapeHtml4(request.getParameter("msg")));
    }

    public void json(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        // ok: java-xss
        response.getWriter().write("{\"q\":\"" + request.getParameter("q").replace("\"", "") + "\"}");
    }
}

@RestController
class HelloApi {
    @GetMapping("/hello")
    public String hello(@RequestParam String name) {
        // ruleid: java-xss
        return "<p>Hello, " + name + "</p>";
    }

    @GetMapping("/hello2")
    public String helloSafe(@RequestParam String name) {
        // ok: java-xss
        return "<p>Hello, " + HtmlUtils.htmlEscape(name) + "</p>";
    }

    @GetMapping("/plain")
    public String plain(@RequestParam String name) {
        // ok: java-xss
        return "Hello, " + name;
    }
}

@Controller
class PageController {
    @GetMapping("/card")
    @ResponseBody
    public String card(@RequestParam String title) {
        // ruleid: java-xss
        String html = String.format("<div class=\"card\">%s</div>", title);
        return html;
    }

    @GetMapping("/page")
    public String page(@RequestParam String title, Model model) {
        model.addAttribute("title", title);
        // ok: java-xss
        return "page";
    }
}
