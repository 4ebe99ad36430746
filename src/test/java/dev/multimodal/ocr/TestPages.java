package dev.multimodal.ocr;

import dev.multimodal.image.DecodedImage;
import dev.multimodal.util.TestImages;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;

/**
 * Pages with known text, drawn here from a seed, for the OCR tests and {@code bench/ocr}: clean
 * pages (several fonts, sizes and line spacings, two columns, number tables, light on dark),
 * degraded copies (slight rotation, perspective, blur, JPEG q35, noise, low contrast), small signs
 * and receipts, A4 pages at 300 dpi, and receipts and tickets (short lines of words, codes, dates,
 * times and prices, some with the amount set apart at the right edge). The truth is the text in reading order: blocks (a column,
 * a paragraph, a table) of lines.
 */
public final class TestPages {

    /** A drawn page: {@code encoded} is what a client would send (PNG, or JPEG for degraded pages). */
    public record Page(String name, String group, byte[] encoded, String format, List<List<String>> blocks) {

        /** Lines joined by a newline, blocks by a blank line. */
        public String text() {
            return blocks.stream().map(b -> String.join("\n", b)).collect(Collectors.joining("\n\n"));
        }

        public List<String> lines() {
            return blocks.stream().flatMap(List::stream).toList();
        }

        public DecodedImage decoded() {
            try {
                BufferedImage read = ImageIO.read(new ByteArrayInputStream(encoded));
                BufferedImage bgr = new BufferedImage(read.getWidth(), read.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
                Graphics2D g = bgr.createGraphics();
                g.drawImage(read, 0, 0, null);
                g.dispose();
                return new DecodedImage(bgr, format, 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static final String[] GROUPS = {"clean", "degraded", "small", "a4", "receipts"};

    private static final String[] WORDS = ("the of and to in is was for on that with as by at from it an be this are "
                    + "which or have has had not but were all their more one two new other time year people way day man "
                    + "water board report budget team project market city river north south station office order account "
                    + "invoice payment service customer delivery review meeting plan growth energy system network policy "
                    + "approved received shipped reduced increased measured expected printed signed opened closed moved "
                    + "quickly slowly nearly almost only still again early late daily weekly annual local public private "
                    + "Monday Friday March April October London Berlin Madrid harbour bridge garden library museum school "
                    + "price total amount balance credit number street avenue house floor room table window paper letter "
                    + "quality summary request answer results values sample model engine reader window lamp coffee bread")
            .split(" ");

    private static final String[] FONTS = {"DejaVu Sans", "DejaVu Serif", "DejaVu Sans Mono", "DejaVu Sans Condensed"};

    private TestPages() {}

    /** {@code perGroup} pages of each group, drawn from {@code seed}. */
    public static List<Page> set(long seed, int perGroup) {
        List<Page> pages = new ArrayList<>();
        for (String group : GROUPS) {
            for (int i = 0; i < perGroup; i++) {
                Random random = new Random(seed * 1_000_003L + group.hashCode() * 31L + i);
                pages.add(
                        switch (group) {
                            case "clean" -> clean(random, i, group + "-" + i);
                            case "degraded" -> degraded(random, i, group + "-" + i);
                            case "small" -> small(random, i, group + "-" + i);
                            case "receipts" -> receipt(random, i, group + "-" + i);
                            default -> a4(random, i, group + "-" + i);
                        });
            }
        }
        return pages;
    }

    // ---- text ----

    static String sentence(Random r, int minChars, int maxChars) {
        StringBuilder s = new StringBuilder();
        int target = minChars + r.nextInt(Math.max(1, maxChars - minChars));
        boolean first = true;
        while (s.length() < target) {
            String word = switch (r.nextInt(14)) {
                case 0 -> String.valueOf(10 + r.nextInt(9990));
                case 1 -> String.format(java.util.Locale.ROOT, "%,d.%02d", r.nextInt(90_000) + 100, r.nextInt(100));
                case 2 -> String.format(java.util.Locale.ROOT, "2026-%02d-%02d", 1 + r.nextInt(12), 1 + r.nextInt(28));
                default -> WORDS[r.nextInt(WORDS.length)];
            };
            if (first) {
                word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
            }
            if (s.length() + word.length() + 1 > maxChars && !first) {
                break;
            }
            if (!first) {
                s.append(' ');
            }
            s.append(word);
            if (!first && r.nextInt(9) == 0 && s.length() < maxChars - 2) {
                s.append(r.nextBoolean() ? ',' : ';');
            }
            first = false;
        }
        if (r.nextInt(3) == 0 && Character.isLetterOrDigit(s.charAt(s.length() - 1))) {
            s.append('.');
        }
        return s.toString();
    }

    // ---- drawing ----

    private record Style(Font font, Color ink, Color paper, double spacing) {}

    private static Style style(Random r, int minPx, int maxPx, boolean allowDark) {
        Font font = new Font(
                FONTS[r.nextInt(FONTS.length)],
                r.nextInt(5) == 0 ? Font.BOLD : Font.PLAIN,
                minPx + r.nextInt(maxPx - minPx + 1));
        boolean dark = allowDark && r.nextInt(5) == 0;
        Color ink =
                dark ? new Color(235, 235, 225) : new Color(15 + r.nextInt(30), 15 + r.nextInt(30), 25 + r.nextInt(30));
        Color paper =
                dark ? new Color(25 + r.nextInt(30), 30 + r.nextInt(30), 60 + r.nextInt(40)) : new Color(248, 247, 240);
        return new Style(font, ink, paper, 1.3 + r.nextDouble() * 0.7);
    }

    private static Graphics2D graphics(BufferedImage image, Style style) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setColor(style.paper());
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(style.ink());
        g.setFont(style.font());
        return g;
    }

    /** Lines that fit {@code width} pixels in the font. */
    private static List<String> lines(Random r, FontMetrics m, int count, int width) {
        List<String> lines = new ArrayList<>();
        int chars = Math.max(8, width / Math.max(1, m.charWidth('n')));
        while (lines.size() < count) {
            String line = sentence(r, chars * 3 / 4, chars);
            while (m.stringWidth(line) > width && line.contains(" ")) {
                line = line.substring(0, line.lastIndexOf(' '));
            }
            lines.add(line);
        }
        return lines;
    }

    /** A clean page; {@code kind} picks the layout: single column, two columns, a number table. */
    static Page clean(Random r, int kind, String name) {
        return cleanPage(r, kind, name, 1240, 900, 18, 28);
    }

    private static Page cleanPage(Random r, int kind, String name, int w, int h, int minPx, int maxPx) {
        Style style = style(r, minPx, maxPx, true);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = graphics(image, style);
        FontMetrics m = g.getFontMetrics();
        int lineStep = (int) Math.round(m.getHeight() * style.spacing());
        int margin = 50 + r.nextInt(30);
        List<List<String>> blocks = new ArrayList<>();
        int layout = kind % 3;
        if (layout == 1) {
            twoColumns(r, g, m, w, h, margin, lineStep, blocks);
        } else if (layout == 2) {
            table(r, g, m, w, h, margin, lineStep, blocks);
        } else {
            int count = Math.min(8 + r.nextInt(8), (h - 2 * margin) / lineStep);
            int y = margin + m.getAscent();
            List<String> all = lines(r, m, count, w - 2 * margin);
            List<String> block = new ArrayList<>();
            for (String line : all) {
                if (!block.isEmpty() && r.nextInt(5) == 0 && y + lineStep < h - margin - lineStep) {
                    blocks.add(block);
                    block = new ArrayList<>();
                    y += lineStep / 2;
                }
                if (y + m.getDescent() > h - margin) {
                    break;
                }
                g.drawString(line, margin, y);
                block.add(line);
                y += lineStep;
            }
            if (!block.isEmpty()) {
                blocks.add(block);
            }
        }
        g.dispose();
        return new Page(name, "clean", TestImages.png(image), "png", blocks);
    }

    private static void twoColumns(
            Random r, Graphics2D g, FontMetrics m, int w, int h, int margin, int lineStep, List<List<String>> blocks) {
        int gutter = Math.max(40, 3 * m.getHeight());
        int columnWidth = (w - 2 * margin - gutter) / 2;
        int y0 = margin + m.getAscent();
        String title = sentence(r, 12, 30);
        Font titleFont = g.getFont().deriveFont(Font.BOLD, g.getFont().getSize2D() * 1.3f);
        Font body = g.getFont();
        g.setFont(titleFont);
        g.drawString(title, margin, y0);
        blocks.add(List.of(title));
        g.setFont(body);
        int top = y0 + (int) (lineStep * 1.6);
        int rows = Math.max(3, Math.min(12, (h - margin - top) / lineStep));
        for (int c = 0; c < 2; c++) {
            List<String> column = lines(r, m, rows, columnWidth);
            int x = margin + c * (columnWidth + gutter);
            int y = top;
            for (String line : column) {
                g.drawString(line, x, y);
                y += lineStep;
            }
            blocks.add(column);
        }
    }

    private static void table(
            Random r, Graphics2D g, FontMetrics m, int w, int h, int margin, int lineStep, List<List<String>> blocks) {
        String heading = sentence(r, 15, 40);
        g.drawString(heading, margin, margin + m.getAscent());
        blocks.add(List.of(heading));
        String[] head = {"Item", "Qty", "Price", "Total"};
        int[] xs = {
            margin, margin + 18 * m.charWidth('n'), margin + 26 * m.charWidth('n'), margin + 37 * m.charWidth('n')
        };
        int y = margin + m.getAscent() + 2 * lineStep;
        List<String> rows = new ArrayList<>();
        int count = Math.min(8 + r.nextInt(4), (h - margin - y) / lineStep);
        for (int i = 0; i < count; i++) {
            String[] cells;
            if (i == 0) {
                cells = head;
            } else {
                int qty = 1 + r.nextInt(40);
                int cents = 100 + r.nextInt(9900);
                cells = new String[] {
                    WORDS[r.nextInt(WORDS.length)] + " " + (100 + r.nextInt(900)),
                    String.valueOf(qty),
                    money(cents),
                    money((long) cents * qty)
                };
            }
            for (int c = 0; c < cells.length; c++) {
                g.drawString(cells[c], xs[c], y);
            }
            rows.add(String.join(" ", cells));
            y += lineStep;
        }
        blocks.add(rows);
    }

    private static String money(long cents) {
        return String.format(java.util.Locale.ROOT, "%d.%02d", cents / 100, cents % 100);
    }

    /** A clean page made worse the way a photo or a fax makes it. */
    static Page degraded(Random r, int kind, String name) {
        Page clean = cleanPage(r, kind, name, 1240, 900, 20, 28);
        BufferedImage image = read(clean.encoded());
        int which = kind % 6;
        image = switch (which) {
            case 0 -> rotate(image, (r.nextBoolean() ? 1 : -1) * (1 + r.nextDouble() * 2));
            case 1 -> perspective(image, 0.04 + r.nextDouble() * 0.03, r);
            case 2 -> blur(image);
            case 3 -> noise(image, 18, r);
            case 4 -> lowContrast(image);
            default -> image;
        };
        byte[] jpeg = TestImages.jpeg(image, which == 5 ? 0.35f : 0.6f);
        return new Page(name, "degraded", jpeg, "jpeg", clean.blocks());
    }

    /** A shop sign, a label or a narrow till receipt. */
    static Page small(Random r, int kind, String name) {
        List<List<String>> blocks = new ArrayList<>();
        BufferedImage image;
        if (kind % 2 == 0) {
            Style style = new Style(
                    new Font(FONTS[r.nextInt(2)], Font.BOLD, 30 + r.nextInt(20)),
                    r.nextBoolean() ? Color.WHITE : new Color(20, 20, 20),
                    null,
                    1.4);
            Color paper =
                    style.ink().equals(Color.WHITE) ? new Color(150 + r.nextInt(60), 20, 20) : new Color(250, 220, 60);
            style = new Style(style.font(), style.ink(), paper, 1.4);
            List<String> lines = List.of(sentence(r, 6, 16), sentence(r, 8, 20));
            BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_3BYTE_BGR);
            FontMetrics m = probe.createGraphics().getFontMetrics(style.font());
            int w = lines.stream().mapToInt(m::stringWidth).max().orElse(100) + 60;
            int step = (int) (m.getHeight() * 1.4);
            image = new BufferedImage(w, step * 2 + 50, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = graphics(image, style);
            for (int i = 0; i < lines.size(); i++) {
                g.drawString(lines.get(i), 30, 25 + m.getAscent() + i * step);
            }
            g.dispose();
            blocks.add(lines);
        } else {
            Style style = new Style(
                    new Font("DejaVu Sans Mono", Font.PLAIN, 16 + r.nextInt(5)),
                    new Color(30, 30, 30),
                    new Color(252, 252, 248),
                    1.35);
            BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_3BYTE_BGR);
            FontMetrics m = probe.createGraphics().getFontMetrics(style.font());
            int cols = 28;
            List<String> lines = new ArrayList<>();
            lines.add("RECEIPT " + (1000 + r.nextInt(9000)));
            for (int i = 0; i < 4 + r.nextInt(4); i++) {
                String item = WORDS[r.nextInt(WORDS.length)];
                String price = money(100 + r.nextInt(5000));
                lines.add(item + " ".repeat(Math.max(1, cols - item.length() - price.length())) + price);
            }
            lines.add("TOTAL" + " ".repeat(cols - 5 - 6) + money(10_000 + r.nextInt(80_000)));
            int step = (int) (m.getHeight() * style.spacing());
            image = new BufferedImage(
                    cols * m.charWidth('n') + 40, step * lines.size() + 40, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = graphics(image, style);
            for (int i = 0; i < lines.size(); i++) {
                g.drawString(lines.get(i), 20, 20 + m.getAscent() + i * step);
            }
            g.dispose();
            blocks.add(lines.stream().map(l -> l.replaceAll(" +", " ")).toList());
        }
        return new Page(name, "small", TestImages.png(image), "png", blocks);
    }

    private static final String[] GOODS = {
        "Milk",
        "Bread",
        "Coffee",
        "Butter",
        "Apples",
        "Cheese",
        "Water",
        "Tomatoes",
        "Rice",
        "Eggs",
        "Tea",
        "Sugar",
        "Pasta",
        "Yogurt",
        "Onions",
        "Juice"
    };
    private static final String[] TRAINS = {"ICE", "IC", "EC", "RE", "RB", "TGV"};
    private static final String[] AIRLINES = {"LH", "BA", "AF", "KL", "IB", "OS"};

    /**
     * A till receipt ({@code kind} odd) or a travel ticket (even): short lines of words, codes, dates,
     * times and prices, in a DejaVu face at 16–28 px. An item's price stands apart at the right edge,
     * as a till prints it; the truth has one space there. Every third page is a JPEG (q60), as a
     * photographed receipt comes.
     */
    static Page receipt(Random r, int kind, String name) {
        Font font = new Font(
                FONTS[r.nextInt(FONTS.length)], r.nextInt(6) == 0 ? Font.BOLD : Font.PLAIN, 16 + r.nextInt(13));
        Style style = new Style(
                font,
                new Color(20 + r.nextInt(30), 20 + r.nextInt(30), 30 + r.nextInt(30)),
                new Color(252 - r.nextInt(12), 250 - r.nextInt(12), 244 - r.nextInt(12)),
                1.35 + r.nextDouble() * 0.4);
        // each line: its left part, and a part set at the right edge (empty when none)
        List<String[]> lines = new ArrayList<>();
        String date = String.format(java.util.Locale.ROOT, "2026-%02d-%02d", 1 + r.nextInt(12), 1 + r.nextInt(28));
        if (kind % 2 == 0) {
            int hour = 5 + r.nextInt(15);
            int minute = r.nextInt(60);
            int minutes = 35 + r.nextInt(200);
            String departs = time(hour * 60 + minute);
            String arrives = time(hour * 60 + minute + minutes);
            if (r.nextBoolean()) {
                lines.add(new String[] {
                    "Train " + TRAINS[r.nextInt(TRAINS.length)] + " " + (100 + r.nextInt(9900)) + " Platform "
                            + (1 + r.nextInt(20)),
                    ""
                });
                lines.add(new String[] {"Date: " + date, ""});
                lines.add(new String[] {departs + " – " + arrives, ""});
                lines.add(new String[] {"Coach " + (1 + r.nextInt(14)) + " Seat " + (11 + r.nextInt(90)), ""});
            } else {
                lines.add(new String[] {
                    "Flight " + AIRLINES[r.nextInt(AIRLINES.length)] + " " + (100 + r.nextInt(9900)), ""
                });
                lines.add(new String[] {"Date: " + date + " Boarding " + time(hour * 60 + minute - 30), ""});
                lines.add(new String[] {
                    "Gate " + (char) ('A' + r.nextInt(6)) + " " + (1 + r.nextInt(40)) + " Seat " + (1 + r.nextInt(40))
                            + (char) ('A' + r.nextInt(6)),
                    ""
                });
                lines.add(new String[] {departs + " – " + arrives, ""});
            }
            int adults = 1 + r.nextInt(3);
            lines.add(new String[] {"Adults " + adults + " Children " + r.nextInt(3), ""});
            lines.add(new String[] {"Total EUR", money(1_000 + r.nextInt(30_000))});
        } else {
            lines.add(new String[] {"RECEIPT No. " + (1000 + r.nextInt(9000)), ""});
            lines.add(new String[] {"Date: " + date + " " + time(7 * 60 + r.nextInt(14 * 60)), ""});
            long total = 0;
            for (int i = 0; i < 3 + r.nextInt(4); i++) {
                String item = GOODS[r.nextInt(GOODS.length)];
                if (r.nextInt(3) == 0) {
                    int perKg = 99 + r.nextInt(900);
                    int grams = 200 + r.nextInt(1800);
                    long cents = Math.round(perKg * grams / 1000.0);
                    lines.add(new String[] {item + " " + money(perKg) + " EUR / kg", ""});
                    lines.add(
                            new String[] {String.format(java.util.Locale.ROOT, "%.3f kg", grams / 1000.0), money(cents)
                            });
                    total += cents;
                } else {
                    long cents = 49 + r.nextInt(1500);
                    lines.add(new String[] {item, money(cents)});
                    total += cents;
                }
            }
            lines.add(new String[] {"Total EUR", money(total)});
            lines.add(new String[] {"VAT 7% " + money(Math.round(total * 7 / 107.0)), ""});
            lines.add(new String[] {"Card " + (1000 + r.nextInt(9000)) + " " + time(7 * 60 + r.nextInt(14 * 60)), ""});
        }
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_3BYTE_BGR);
        FontMetrics m = probe.createGraphics().getFontMetrics(font);
        int width = 0;
        for (String[] line : lines) {
            width = Math.max(width, m.stringWidth(line[0]) + (line[1].isEmpty() ? 0 : m.stringWidth("    " + line[1])));
        }
        int margin = 20 + r.nextInt(20);
        int step = (int) Math.round(m.getHeight() * style.spacing());
        BufferedImage image =
                new BufferedImage(width + 2 * margin, step * lines.size() + 2 * margin, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = graphics(image, style);
        List<String> truth = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String[] line = lines.get(i);
            int y = margin + m.getAscent() + i * step;
            g.drawString(line[0], margin, y);
            if (!line[1].isEmpty()) {
                g.drawString(line[1], margin + width - m.stringWidth(line[1]), y);
            }
            truth.add(line[1].isEmpty() ? line[0] : line[0] + " " + line[1]);
        }
        g.dispose();
        boolean photo = kind % 3 == 2;
        return new Page(
                name,
                "receipts",
                photo ? TestImages.jpeg(image, 0.6f) : TestImages.png(image),
                photo ? "jpeg" : "png",
                List.of(truth));
    }

    private static String time(int minutes) {
        int m = Math.floorMod(minutes, 24 * 60);
        return String.format(java.util.Locale.ROOT, "%02d:%02d", m / 60, m % 60);
    }

    /** An A4 page at 300 dpi (2480 × 3508): 45–60 lines at 10–12 pt, in paragraphs. */
    static Page a4(Random r, int kind, String name) {
        int points = 10 + r.nextInt(3);
        Font font = new Font(FONTS[r.nextInt(FONTS.length)], Font.PLAIN, Math.round(points * 300 / 72f));
        Style style = new Style(font, new Color(20, 20, 25), Color.WHITE, 1.0 + r.nextDouble() * 0.2);
        BufferedImage image = new BufferedImage(2480, 3508, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = graphics(image, style);
        FontMetrics m = g.getFontMetrics();
        int margin = 200;
        int available = 3508 - 2 * margin;
        // as many lines as asked for, closer together if need be, but never closer than the font's own height
        int wanted = Math.min(45 + r.nextInt(16), (int) (available / (m.getHeight() * 1.12)));
        int step = (int) Math.min(Math.round(m.getHeight() * style.spacing()), available / (wanted * 1.12));
        List<List<String>> blocks = new ArrayList<>();
        List<String> block = new ArrayList<>();
        int y = margin + m.getAscent();
        int drawn = 0;
        while (drawn < wanted && y + m.getDescent() < 3508 - margin) {
            if (!block.isEmpty() && block.size() >= 4 && r.nextInt(6) == 0) {
                blocks.add(block);
                block = new ArrayList<>();
                y += step / 2;
                continue;
            }
            String line = lines(r, m, 1, 2480 - 2 * margin).get(0);
            g.drawString(line, margin, y);
            block.add(line);
            drawn++;
            y += step;
        }
        if (!block.isEmpty()) {
            blocks.add(block);
        }
        g.dispose();
        return new Page(name, "a4", TestImages.png(image), "png", blocks);
    }

    // ---- degradations ----

    static BufferedImage rotate(BufferedImage src, double degrees) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(new Color(src.getRGB(2, 2)));
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.rotate(Math.toRadians(degrees), src.getWidth() / 2.0, src.getHeight() / 2.0);
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return out;
    }

    /** The page as photographed from slightly off-axis: the top edge pulled in by {@code squeeze} of the width. */
    static BufferedImage perspective(BufferedImage src, double squeeze, Random r) {
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        int background = src.getRGB(2, 2);
        double skew = (r.nextDouble() - 0.5) * 0.04;
        for (int y = 0; y < h; y++) {
            double t = 1 - y / (double) h; // 1 at the top, 0 at the bottom
            double inset = squeeze * w * t;
            double rowScale = (w - 2 * inset) / w;
            for (int x = 0; x < w; x++) {
                double sx = (x - inset) / rowScale;
                double sy = y + skew * (x - w / 2.0);
                int ix = (int) Math.round(sx);
                int iy = (int) Math.round(sy);
                out.setRGB(x, y, ix >= 0 && ix < w && iy >= 0 && iy < h ? src.getRGB(ix, iy) : background);
            }
        }
        return out;
    }

    static BufferedImage blur(BufferedImage src) {
        float[] k = new float[25];
        float[] g1 = {1, 4, 6, 4, 1};
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 5; x++) {
                k[y * 5 + x] = g1[x] * g1[y] / 256f;
            }
        }
        BufferedImage rgb = copy(src, BufferedImage.TYPE_INT_RGB);
        BufferedImage out = new ConvolveOp(new Kernel(5, 5, k), ConvolveOp.EDGE_NO_OP, null).filter(rgb, null);
        return copy(out, BufferedImage.TYPE_3BYTE_BGR);
    }

    static BufferedImage noise(BufferedImage src, double sigma, Random r) {
        BufferedImage out = copy(src, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                int rgb = out.getRGB(x, y);
                int n = (int) Math.round(r.nextGaussian() * sigma);
                int red = clamp(((rgb >> 16) & 0xFF) + n);
                int green = clamp(((rgb >> 8) & 0xFF) + n);
                int blue = clamp((rgb & 0xFF) + n);
                out.setRGB(x, y, (red << 16) | (green << 8) | blue);
            }
        }
        return out;
    }

    /** Ink and paper pulled towards mid-grey: the darkest ends near 110, the lightest near 190. */
    static BufferedImage lowContrast(BufferedImage src) {
        BufferedImage out = copy(src, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                int rgb = out.getRGB(x, y);
                int red = 110 + ((rgb >> 16) & 0xFF) * 80 / 255;
                int green = 110 + ((rgb >> 8) & 0xFF) * 80 / 255;
                int blue = 110 + (rgb & 0xFF) * 80 / 255;
                out.setRGB(x, y, (red << 16) | (green << 8) | blue);
            }
        }
        return out;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static BufferedImage copy(BufferedImage src, int type) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), type);
        Graphics2D g = out.createGraphics();
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return out;
    }

    private static BufferedImage read(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
