package dev.multimodal.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * A file past about 300 lines, or a method past 60, holds two ideas: neither is allowed in
 * {@code src/main}. Measured on the parsed source (the JDK's own compiler tree), so a method's length
 * is from its first line (annotations and Javadoc excluded) to its closing brace, and a class nested in
 * a method does not count as part of the method twice.
 */
class SourceShapeTest {

    private static final int MAX_FILE_LINES = 300;
    private static final int MAX_METHOD_LINES = 60;

    @Test
    void noFileOver300LinesAndNoMethodOver60() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            sources = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
        List<String> tooLong = new ArrayList<>();
        for (Path file : sources) {
            long lines = Files.readAllLines(file).size();
            if (lines > MAX_FILE_LINES) {
                tooLong.add(file + ": " + lines + " lines");
            }
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
            JavacTask task = (JavacTask) javac.getTask(null, files, d -> {}, List.of("-proc:none"), null, units);
            Trees trees = Trees.instance(task);
            for (CompilationUnitTree unit : task.parse()) {
                new MethodLengths(unit, trees.getSourcePositions(), tooLong).scan(unit, null);
            }
        }
        assertTrue(sources.size() > 100, "the sources were found: " + sources.size());
        assertTrue(tooLong.isEmpty(), "split these: " + String.join("\n", tooLong));
    }

    /** Each method's lines, less those of classes declared inside it (each measured on its own). */
    private static final class MethodLengths extends TreeScanner<Void, Void> {
        private final CompilationUnitTree unit;
        private final SourcePositions positions;
        private final List<String> tooLong;

        MethodLengths(CompilationUnitTree unit, SourcePositions positions, List<String> tooLong) {
            this.unit = unit;
            this.positions = positions;
            this.tooLong = tooLong;
        }

        private long line(long position) {
            return unit.getLineMap().getLineNumber(position);
        }

        private long lines(Tree tree) {
            return line(positions.getEndPosition(unit, tree)) - line(positions.getStartPosition(unit, tree)) + 1;
        }

        @Override
        public Void visitMethod(MethodTree method, Void unused) {
            if (method.getBody() != null) {
                long own = line(positions.getEndPosition(unit, method.getBody()))
                        - line(positions.getStartPosition(unit, method.getBody()))
                        + 1
                        + nestedClassLines(method);
                if (own > MAX_METHOD_LINES) {
                    tooLong.add(unit.getSourceFile().getName() + ": " + method.getName() + "() " + own + " lines");
                }
            }
            return super.visitMethod(method, unused);
        }

        /** Minus the lines of anonymous and local classes inside the method. */
        private long nestedClassLines(MethodTree method) {
            long[] nested = {0};
            new TreeScanner<Void, Void>() {
                @Override
                public Void visitClass(ClassTree c, Void unused) {
                    nested[0] -= lines(c);
                    return null;
                }
            }.scan(method.getBody(), null);
            return nested[0];
        }
    }
}
