package till.dashboard.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SalesChartTest {
    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void oneBarPerDayScaledToTheBestDay() throws Exception {
        LocalDate start = LocalDate.of(2026, 11, 1);
        List<DaySales> days = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            days.add(new DaySales(start.plusDays(i).toEpochDay(), i, i * 1_000_000L));
        }
        Document svg = parse(SalesChart.svg(days).markup());
        Element root = svg.getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals("img", root.getAttribute("role"));
        assertEquals("Sales per day, last 30 days (UTC)", root.getElementsByTagName("title").item(0).getTextContent());
        assertTrue(root.getElementsByTagName("desc").item(0).getTextContent()
                .contains("435,000 sats received in 435 payments; best day 2026-11-30 with 29,000 sats"));
        NodeList bars = root.getElementsByTagName("rect");
        assertEquals(30, bars.getLength());
        Element best = (Element) bars.item(29);
        assertEquals("124.0", best.getAttribute("height"));
        assertEquals("0.0", ((Element) bars.item(0)).getAttribute("height"));
        assertEquals("2026-11-30: 29,000 sats, 29 payments", best.getElementsByTagName("title").item(0).getTextContent());
    }

    @Test
    void aMonthWithoutSalesDrawsNoBars() throws Exception {
        List<DaySales> days = List.of(DaySales.none(LocalDate.of(2026, 11, 1)), DaySales.none(LocalDate.of(2026, 11, 2)));
        Element root = parse(SalesChart.svg(days).markup()).getDocumentElement();
        assertEquals("0 sats received in 0 payments", root.getElementsByTagName("desc").item(0).getTextContent());
        assertEquals("0.0", ((Element) root.getElementsByTagName("rect").item(1)).getAttribute("height"));
    }
}
