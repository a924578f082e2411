import com.thoughtworks.xstream.XStream;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import com.fasterxml.jackson.databind.jsontype.impl.LaissezFaireSubTypeValidator;
import java.beans.XMLDecoder;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.LoaderOptions;

public class Loader {
    public Object readSession(InputStream in) throws Exception {
        ObjectInputStream ois = new ObjectInputStream(in);
        // ruleid: java-unsafe-deserialization
        return ois.readObject();
    }

    public Object inline(InputStream in) throws Exception {
        // ruleid: java-unsafe-deserialization
        return new ObjectInputStream(in).readObject();
    }

    public Object xml(InputStream in) {
        XMLDecoder dec = new XMLDecoder(in);
        // ruleid: java-unsafe-deserialization
        return dec.readObject();
    }

    public Object yaml(String text) {
        Yaml yaml = new Yaml();
        // ruleid: java-unsafe-deserialization
        return yaml.load(text);
    }

    public Object xstream(String xml) {
        XStream xs = new XStream();
        // ruleid: java-unsafe-deserialization
        return xs.fromXML(xml);
    }

    public Object filtered(InputStream in) throws Exception {
        ObjectInputStream ois = new ObjectInputStream(in);
        ois.setObjectInputFilter(ObjectInputFilter.Config.createFilter("com.example.dto.*;!*"));
        // ok: java-unsafe-deserialization
        return ois.readObject();
    }

    public Object safeYaml(String text) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        // ok: java-unsafe-deserialization
        return yaml.load(text);
    }

    public Object allowlisted(String xml) {
        XStream xs = new XStream();
        xs.allowTypes(new Class[] {Order.class});
        // ok: java-unsafe-deserialization
        return xs.fromXML(xml);
    }

    public Object json(String text) throws Exception {
        // ok: java-unsafe-deserialization
        return mapper.readValue(text, Order.class);
    }

    public ObjectMapper legacyTyping() {
        ObjectMapper om = new ObjectMapper();
        // ruleid: java-unsafe-deserialization
        om.enableDefaultTyping();
        return om;
    }

    public ObjectMapper laxTyping() {
        ObjectMapper om = new ObjectMapper();
        // ruleid: java-unsafe-deserialization
        om.activateDefaultTyping(LaissezFaireSubTypeValidator.instance, ObjectMapper.DefaultTyping.NON_FINAL);
        return om;
    }

    public ObjectMapper allowlistedTyping() {
        ObjectMapper om = new ObjectMapper();
        // ok: java-unsafe-deserialization
        om.activateDefaultTyping(BasicPolymorphicTypeValidator.builder().allowIfSubType("com.example.dto.").build(), ObjectMapper.DefaultTyping.NON_FINAL);
        return om;
    }

    static class Envelope {
        // ruleid: java-unsafe-deserialization
        @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
        public Object payload;

        // ok: java-unsafe-deserialization
        @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
        public Object named;
    }
}
