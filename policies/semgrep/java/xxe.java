import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;
import org.dom4j.io.SAXReader;
import org.w3c.dom.Document;

public class XmlParsers {
    public Document parse(InputStream in) throws Exception {
        // ruleid: java-xxe
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        DocumentBuilder db = dbf.newDocumentBuilder();
        return db.parse(in);
    }

    public void sax(InputStream in, org.xml.sax.helpers.DefaultHandler h) throws Exception {
        // ruleid: java-xxe
        SAXParserFactory.newInstance().newSAXParser().parse(in, h);
    }

    public XMLStreamReader stax(InputStream in) throws Exception {
        // ruleid: java-xxe
        XMLInputFactory xif = XMLInputFactory.newInstance();
        return xif.createXMLStreamReader(in);
    }

    public Object dom4j(InputStream in) throws Exception {
        // ruleid: java-xxe
        SAXReader reader = new SAXReader();
        return reader.read(in);
    }

    public String xslt(String xsl, String xml) throws Exception {
        // ruleid: java-xxe
        TransformerFactory tf = TransformerFactory.newInstance();
        Transformer t = tf.newTransformer(new StreamSource(new StringReader(xsl)));
        StringWriter out = new StringWriter();
        t.transform(new StreamSource(new StringReader(xml)), new StreamResult(out));
        return out.toString();
    }

    public Document hardened(InputStream in) throws Exception {
        // ok: java-xxe
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        try {
            dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        return dbf.newDocumentBuilder().parse(in);
    }

    public Document hardenedAttr(InputStream in) throws Exception {
        // ok: java-xxe
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        dbf.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return dbf.newDocumentBuilder().parse(in);
    }

    public XMLStreamReader hardenedStax(InputStream in) throws Exception {
        // ok: java-xxe
        XMLInputFactory xif = XMLInputFactory.newInstance();
        xif.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        xif.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        return xif.createXMLStreamReader(in);
    }

    public String serialize(Document doc) throws Exception {
        // DOM -> text output parses nothing
        // ok: java-xxe
        Transformer t = TransformerFactory.newInstance().newTransformer();
        StringWriter out = new StringWriter();
        t.transform(new DOMSource(doc), new StreamResult(out));
        return out.toString();
    }

    public String hardenedXslt(String xsl) throws Exception {
        // ok: java-xxe
        TransformerFactory tf = TransformerFactory.newInstance();
        tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
        return tf.newTransformer(new StreamSource(new StringReader(xsl))).toString();
    }

    public Document build() throws Exception {
        // creating a document parses nothing
        // ok: java-xxe
        DocumentBuilder db = DocumentBuilderFactory.newInstance().newDocumentBuilder();
        Document doc = db.newDocument();
        doc.appendChild(doc.createElement("root"));
        return doc;
    }
}
