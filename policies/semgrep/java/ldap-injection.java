import javax.naming.directory.DirContext;
import javax.naming.directory.SearchControls;
import javax.servlet.http.HttpServletRequest;
import org.springframework.ldap.core.LdapTemplate;
import org.springframework.ldap.filter.EqualsFilter;
import org.springframework.ldap.support.LdapEncoder;
import org.springframework.web.bind.annotation.RequestParam;

public class Directory {
    private DirContext ctx;
    private LdapTemplate ldapTemplate;

    public Object find(HttpServletRequest request) throws Exception {
        String user = request.getParameter("user");
        // ruleid: java-ldap-injection
        return ctx.search("ou=people,dc=example,dc=com", "(uid=" + user + ")", new SearchControls());
    }

    public Object spring(@RequestParam String mail) {
        String filter = "(&(objectClass=person)(mail=" + mail + "))";
        // ruleid: java-ldap-injection
        return ldapTemplate.search("", filter, (javax.naming.directory.Attributes a) -> a);
    }

    public Object args(HttpServletRequest request) throws Exception {
        // ok: java-ldap-injection
        return ctx.search("ou=people", "(uid={0})", new Object[] {request.getParameter("user")}, new SearchControls());
    }

    public Object encoded(@RequestParam String mail) {
        // ok: java-ldap-injection
        return ldapTemplate.search("", "(mail=" + LdapEncoder.filterEncode(mail) + ")", (javax.naming.directory.Attributes a) -> a);
    }

    public Object filterObject(@RequestParam String uid) {
        // ok: java-ldap-injection
        return ldapTemplate.search("", new EqualsFilter("uid", uid).encode(), (javax.naming.directory.Attributes a) -> a);
    }

    public Object notLdap(@RequestParam String q) {
        // ok: java-ldap-injection
        return productRepository.search(q, 10);
    }
}
