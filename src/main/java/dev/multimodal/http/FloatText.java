package dev.multimodal.http;

/**
 * A float as the short decimal text that reads back as the same float, written straight into a
 * {@code char[]}: a vector's 384 values then cost no {@code String} each, as they do through
 * Jackson's {@code writeNumber(float)} (Schubfach there too, then a String per value and a copy).
 * <p>
 * How: the value scaled to nine significant digits (always enough for a float, and exact enough in
 * double arithmetic: its error is some 1e-16 of the value, against a rounding interval of at least
 * 3e-8 of it); then fewer digits while the nearest decimal of that length still lies, with a margin,
 * inside the interval of values that round to this float (at its very edge, a tie, parsing decides).
 * The text is therefore the shortest in almost every case (where it is not, one digit longer: the
 * nearest decimal of a length can miss where another of that length would do) and always reads back
 * exactly. The layout is
 * Java's and Jackson's: plain from 1e-3 up to 1e7, else {@code d.dddE±n}; whole numbers end in ".0".
 */
final class FloatText {

    /** The most chars one value takes: {@code -1.23456789E-45}. */
    static final int MAX_CHARS = 15;

    private static final int POW10_BIAS = 64;
    private static final double[] POW10 = new double[2 * POW10_BIAS + 1];

    static {
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = Double.parseDouble("1e" + (i - POW10_BIAS)); // correctly rounded
        }
    }

    private FloatText() {}

    private static double pow10(int exponent) {
        return POW10[exponent + POW10_BIAS];
    }

    /** Writes a finite {@code value} at {@code pos} of {@code out}; returns the position after it. */
    static int write(float value, char[] out, int pos) {
        if (Float.floatToRawIntBits(value) < 0) {
            out[pos++] = '-';
            value = -value;
        }
        if (value == 0f) {
            out[pos] = '0';
            out[pos + 1] = '.';
            out[pos + 2] = '0';
            return pos + 3;
        }
        double d = value;
        // floor(log10(d)) from the binary exponent (1233 / 4096 ~ log10 2): at most one off, set right below
        int e = (Math.getExponent(d) * 1233) >> 12;
        double scaled = d * pow10(8 - e);
        if (scaled >= 999_999_999.5) {
            e++;
            scaled = d * pow10(8 - e);
        } else if (scaled < 99_999_999.5) {
            e--;
            scaled = d * pow10(8 - e);
        }
        // half the gap to the nearer neighbour (below a power of two the gap is half the ulp), less a margin
        double gap = Math.min((double) Math.ulp(value), d - Math.nextDown(value));
        double half = gap * 0.5 * pow10(8 - e) - 1e-6;
        int digits = (int) Math.round(scaled);
        int power = e - 8; // the value is digits x 10^power
        for (int drop = 1; drop <= 8; drop++) {
            double unit = pow10(drop);
            long shorter = Math.round(scaled * pow10(-drop));
            double miss = Math.abs(shorter * unit - scaled);
            // within the margin of the interval's edge (a tie, which reads back to an even float) only
            // parsing tells: rare, and only for values far from a unit vector's
            if (miss >= half && (miss > half + 2e-6 || !readsBack((int) shorter, e - 8 + drop, value))) {
                break;
            }
            digits = (int) shorter;
            power = e - 8 + drop;
        }
        while (digits % 10 == 0) {
            digits /= 10;
            power++;
        }
        return layout(digits, power, out, pos);
    }

    private static boolean readsBack(int digits, int power, float value) {
        char[] text = new char[MAX_CHARS];
        return Float.parseFloat(new String(text, 0, layout(digits, power, text, 0))) == value;
    }

    /** Lays out digits x 10^power: the digits written in place first, then shifted to make room. */
    private static int layout(int digits, int power, char[] out, int pos) {
        int n = 1;
        for (int rest = digits / 10; rest > 0; rest /= 10) {
            n++;
        }
        int rest = digits;
        for (int i = pos + n - 1; i >= pos; i--) {
            out[i] = (char) ('0' + rest % 10);
            rest /= 10;
        }
        int exponent = power + n - 1; // of the leading digit
        if (exponent >= -3 && exponent < 7) {
            if (exponent < 0) { // 0.00ddd: the digits move right past "0." and the zeros
                int lead = 1 - exponent;
                System.arraycopy(out, pos, out, pos + lead, n);
                out[pos] = '0';
                out[pos + 1] = '.';
                for (int i = pos + 2; i < pos + lead; i++) {
                    out[i] = '0';
                }
                return pos + lead + n;
            }
            int whole = exponent + 1;
            if (n <= whole) { // ddd00.0
                int end = pos + n;
                while (end < pos + whole) {
                    out[end++] = '0';
                }
                out[end] = '.';
                out[end + 1] = '0';
                return end + 2;
            }
            System.arraycopy(out, pos + whole, out, pos + whole + 1, n - whole); // dd.ddd
            out[pos + whole] = '.';
            return pos + n + 1;
        }
        int end; // d.dddE-n
        if (n == 1) {
            out[pos + 1] = '.';
            out[pos + 2] = '0';
            end = pos + 3;
        } else {
            System.arraycopy(out, pos + 1, out, pos + 2, n - 1);
            out[pos + 1] = '.';
            end = pos + n + 1;
        }
        out[end++] = 'E';
        if (exponent < 0) {
            out[end++] = '-';
            exponent = -exponent;
        }
        if (exponent >= 10) {
            out[end++] = (char) ('0' + exponent / 10);
        }
        out[end++] = (char) ('0' + exponent % 10);
        return end;
    }
}
