import javax.servlet.http.HttpServletRequest;
import javax.xml.namespace.QName;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;

public class UserLookup {
    private Document doc;

    public String role(HttpServletRequest request) throws Exception {
        XPath xpath = XPathFactory.newInstance().newXPath();
        String user = request.getParameter("user");
        // ruleid: java-xpath-injection
        return xpath.evaluate("//user[@name='" + user + "']/role", doc);
    }

    public Object compiled(HttpServletRequest request) throws Exception {
        XPath xpath = XPathFactory.newInstance().newXPath();
        // ruleid: java-xpath-injection
        return xpath.compile("//item[@id='" + request.getParameter("id") + "']").evaluate(doc);
    }

    public String safe(HttpServletRequest request) throws Exception {
        XPath xpath = XPathFactory.newInstance().newXPath();
        String user = request.getParameter("user");
        xpath.setXPathVariableResolver((QName v) -> "name".equals(v.getLocalPart()) ? user : null);
        // ok: java-xpath-injection
        return xpath.evaluate("//user[@name=$name]/role", doc);
    }
}
