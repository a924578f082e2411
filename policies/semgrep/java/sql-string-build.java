import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.persistence.EntityManager;
import javax.servlet.http.HttpServletRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class UserController {
    private Connection conn;
    private EntityManager em;
    private JdbcTemplate jdbcTemplate;

    public ResultSet byName(HttpServletRequest request) throws SQLException {
        String name = request.getParameter("name");
        Statement st = conn.createStatement();
        // ruleid: java-sql-string-build
        return st.executeQuery("SELECT * FROM users WHERE name = '" + name + "'");
    }

    public void delete(jakarta.servlet.http.HttpServletRequest request) throws SQLException {
        String sql = "DELETE FROM users WHERE id = " + request.getParameter("id");
        // ruleid: java-sql-string-build
        conn.createStatement().executeUpdate(sql);
    }

    @GetMapping("/search")
    public List<?> search(@RequestParam("q") String term) {
        // ruleid: java-sql-string-build
        return em.createQuery("SELECT u FROM User u WHERE u.email = '" + term + "'").getResultList();
    }

    @GetMapping("/sorted")
    public List<?> sorted(@RequestParam String col) {
        String q = String.format("SELECT * FROM users ORDER BY %s", col);
        // ruleid: java-sql-string-build
        return jdbcTemplate.queryForList(q);
    }

    @GetMapping("/u/{id}")
    public ResultSet badPrepared(@PathVariable String id) throws SQLException {
        // ruleid: java-sql-string-build
        PreparedStatement ps = conn.prepareStatement("SELECT * FROM users WHERE id = " + id);
        return ps.executeQuery();
    }

    @GetMapping("/native")
    public List<?> nativeQuery(String region) {
        StringBuilder sb = new StringBuilder("SELECT * FROM orders WHERE region = '");
        sb.append(region).append("'");
        // ruleid: java-sql-string-build
        return em.createNativeQuery(sb.toString()).getResultList();
    }

    public void tpl(@RequestParam String name) {
        // ruleid: java-sql-string-build
        jdbcTemplate.update("UPDATE users SET seen = 1 WHERE name = '" + name + "'");
    }

    public void batch(HttpServletRequest request) throws SQLException {
        Statement st = conn.createStatement();
        // ruleid: java-sql-string-build
        st.addBatch("INSERT INTO log VALUES ('" + request.getHeader("User-Agent") + "')");
    }

    public ResultSet safe(HttpServletRequest request) throws SQLException {
        // ok: java-sql-string-build
        PreparedStatement ps = conn.prepareStatement("SELECT * FROM users WHERE id = ?");
        ps.setString(1, request.getParameter("id"));
        // ok: java-sql-string-build
        return ps.executeQuery();
    }

    public List<?> safeJpa(@RequestParam String email) {
        // ok: java-sql-string-build
        return em.createQuery("SELECT u FROM User u WHERE u.email = :email").setParameter("email", email).getResultList();
    }

    public List<?> safeTemplate(@RequestParam String id) {
        // ok: java-sql-string-build
        return jdbcTemplate.queryForList("SELECT * FROM users WHERE id = ?", id);
    }

    public List<?> numeric(HttpServletRequest request) {
        int limit = Integer.parseInt(request.getParameter("limit"));
        // ok: java-sql-string-build
        return jdbcTemplate.queryForList("SELECT * FROM users LIMIT " + limit);
    }

    public ResultSet internal(String table) throws SQLException {
        // not request data (helper argument): out of this rule's scope
        // ok: java-sql-string-build
        return conn.createStatement().executeQuery("SELECT count(*) FROM " + table);
    }

    public void notSql(HttpServletRequest request) {
        // ok: java-sql-string-build
        executor.execute(() -> System.out.println(request.getParameter("name")));
        // ok: java-sql-string-build
        cache.update("task-" + request.getParameter("name"));
    }
}
