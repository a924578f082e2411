import com.mongodb.BasicDBObject;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import javax.servlet.http.HttpServletRequest;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.BasicQuery;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;

public class ProductRepo {
    private MongoCollection<Document> products;
    private MongoTemplate mongo;

    public Object where(HttpServletRequest request) {
        String name = request.getParameter("name");
        // ruleid: java-nosql-injection
        BasicDBObject q = new BasicDBObject("$where", "this.name == '" + name + "'");
        return products.find(q).first();
    }

    public Object parsed(@RequestBody String filter) {
        // ruleid: java-nosql-injection
        return products.find(Document.parse(filter)).first();
    }

    public Object springQuery(@RequestParam String owner) {
        // ruleid: java-nosql-injection
        Query q = new BasicQuery("{ owner: '" + owner + "' }");
        return mongo.find(q, Object.class);
    }

    public Object safeFilter(@RequestParam String name) {
        // ok: java-nosql-injection
        return products.find(Filters.eq("name", name)).first();
    }

    public Object safeCriteria(@RequestParam String owner) {
        // ok: java-nosql-injection
        return mongo.find(Query.query(Criteria.where("owner").is(owner)), Object.class);
    }

    public Object constantWhere() {
        // ok: java-nosql-injection
        return products.find(new BasicDBObject("$where", "this.stock > 0")).first();
    }
}
