import javax.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.RequestParam;

public class AuditController {
    private static final Logger log = LoggerFactory.getLogger(AuditController.class);

    public void login(HttpServletRequest request) {
        String user = request.getParameter("user");
        // ruleid: java-log-injection
        log.info("Login attempt for " + user);
    }

    public void search(@RequestParam String q) {
        // ruleid: java-log-injection
        log.warn(String.format("search %s returned nothing", q));
    }

    public void cleaned(HttpServletRequest request) {
        String user = request.getParameter("user").replaceAll("[\r\n]", "_");
        // ok: java-log-injection
        log.info("Login attempt for " + user);
    }

    public void fixed(@RequestParam String q) {
        // ok: java-log-injection
        log.info("search request received");
    }

    public void internal(String jobName) {
        // ok: java-log-injection
        log.info("job " + jobName + " finished");
    }
}
