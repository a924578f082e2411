import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.persistence.EntityManager;
import org.springframework.jdbc.core.JdbcTemplate;

public class UserDao {
    private Connection conn;
    private EntityManager em;
    private JdbcTemplate jdbcTemplate;

    public ResultSet byName(String name) throws SQLException {
        Statement st = conn.createStatement();
        // ruleid: java-sql-string-build
        return st.executeQuery("SELECT * FROM users WHERE name = '" + name + "'");
    }

    public void delete(String id) throws SQLException {
        String sql = "DELETE FROM users WHERE id = " + id;
        // ruleid: java-sql-string-build
        conn.createStatement().executeUpdate(sql);
    }

    public List<?> search(String term) {
        // ruleid: java-sql-string-build
        return em.createQuery("SELECT u FROM User u WHERE u.email = '" + term + "'").getResultList();
    }

    public List<?> sorted(String col) {
        // ruleid: java-sql-string-build
        return jdbcTemplate.queryForList(String.format("SELECT * FROM users ORDER BY %s", col));
    }

    public ResultSet badPrepared(String id) throws SQLException {
        // ruleid: java-sql-string-build
        PreparedStatement ps = conn.prepareStatement("SELECT * FROM users WHERE id = " + id);
        return ps.executeQuery();
    }

    public ResultSet safe(String id) throws SQLException {
        // ok: java-sql-string-build
        PreparedStatement ps = conn.prepareStatement("SELECT * FROM users WHERE id = ?");
        ps.setString(1, id);
        // ok: java-sql-string-build
        return ps.executeQuery();
    }

    public List<?> safeJpa(String email) {
        // ok: java-sql-string-build
        return em.createQuery("SELECT u FROM User u WHERE u.email = :email").setParameter("email", email).getResultList();
    }

    public List<?> safeTemplate(String id) {
        // ok: java-sql-string-build
        return jdbcTemplate.queryForList("SELECT * FROM users WHERE id = ?", id);
    }

    public void notSql(Runnable r, String name) {
        // ok: java-sql-string-build
        executor.execute("task-" + name);
    }
}
