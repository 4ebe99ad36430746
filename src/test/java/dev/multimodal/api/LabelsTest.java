package dev.multimodal.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class LabelsTest {

    enum Colour implements Labelled {
        LIGHT_BLUE("light-blue"),
        RED("red");

        private final String label;

        Colour(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }
    }

    @Test
    void findsAConstantByItsLabelNotItsName() {
        assertSame(Colour.LIGHT_BLUE, Labels.find(Colour.class, "light-blue"));
        assertNull(Labels.find(Colour.class, "LIGHT_BLUE"));
    }

    @Test
    void anUnknownOrNullLabelFindsNothing() {
        assertNull(Labels.find(Colour.class, "green"));
        assertNull(Labels.find(Colour.class, ""));
        assertNull(Labels.find(Colour.class, null));
        assertNull(Labels.findIgnoringCase(Colour.class, "green"));
        assertNull(Labels.findIgnoringCase(Colour.class, null));
    }

    @Test
    void caseCountsUnlessTheCallerSaysItDoesNot() {
        assertNull(Labels.find(Colour.class, "Light-Blue"));
        assertSame(Colour.LIGHT_BLUE, Labels.findIgnoringCase(Colour.class, "Light-Blue"));
        assertSame(Colour.RED, Labels.findIgnoringCase(Colour.class, "RED"));
        // spaces are the caller's to trim: a label is compared whole
        assertNull(Labels.findIgnoringCase(Colour.class, " red"));
    }

    @Test
    void parseThrowsTheCallersRefusalWithTheLabelItWasGiven() {
        assertSame(Colour.RED, Labels.parse(Colour.class, "red", l -> new IllegalStateException()));
        IllegalArgumentException unknown = assertThrows(
                IllegalArgumentException.class,
                () -> Labels.parse(Colour.class, "green", l -> new IllegalArgumentException("no colour " + l)));
        assertEquals("no colour green", unknown.getMessage());
        IllegalArgumentException none = assertThrows(
                IllegalArgumentException.class,
                () -> Labels.parse(Colour.class, null, l -> new IllegalArgumentException("no colour " + l)));
        assertEquals("no colour null", none.getMessage());
    }

    @Test
    void listsTheLabelsInDeclarationOrder() {
        assertEquals(List.of("light-blue", "red"), Labels.labels(Colour.class));
        assertEquals("[light-blue, red]", Labels.labels(Colour.class).toString());
    }
}
