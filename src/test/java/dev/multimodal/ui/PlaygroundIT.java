package dev.multimodal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multimodal.audio.TestAudio;
import dev.multimodal.video.TestVideo;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The /ui playground in headless Chromium against the packaged application: the sample receipt
 * read with every line boxed where the API found it, captions ranked, summaries and the chain
 * shown, API errors shown with their field, a phone-width layout; a spoken recording (a file, and
 * the fake microphone) on a timeline of segments with its words and captions ranked; a clip as a
 * strip of keyframes with their text and its transcript; model text with markup shown as text;
 * plus Swagger UI, on by default and off with the production switch. Screenshots of each state go to target/ui-*.png.
 * Skipped (not failed) where Chromium or its driver is not installed.
 */
class PlaygroundIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Path RECEIPT =
            Path.of("functions", "read-text", "receipt.png").toAbsolutePath();
    private static final Map<String, Process> PROCESSES = new LinkedHashMap<>();
    private static final String SAID = "the weather is cold and the river is frozen";

    private static URI app;
    private static URI production;
    private static String chromium;
    private static String chromedriver;

    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        chromium = executable("chromium.binary", "chromium", "chromium-browser", "google-chrome")
                .orElse(null);
        chromedriver = executable("webdriver.chrome.driver", "chromedriver").orElse(null);
        assumeTrue(
                chromium != null && chromedriver != null,
                "Chromium and chromedriver are not installed (Debian: apt-get install chromium chromium-driver)");
        app = launch("ui", Map.of("MMF_MODELS_INCLUDE", "pp-ocrv4,all-minilm-l6-v2-q,silero-vad-v5,sphinx4-en-us"));
        // a production-like deployment: one function exported, Swagger UI switched off at run time
        production = launch(
                "production",
                Map.of(
                        "MMF_MODELS_INCLUDE",
                        "all-minilm-l6-v2-q",
                        "QUARKUS_FUNQY_EXPORT",
                        "encode-text",
                        "QUARKUS_SWAGGER_UI_ENABLED",
                        "false"));
        awaitReady("ui", app);
        awaitReady("production", production);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (Process process : PROCESSES.values()) {
            process.destroy();
        }
        for (Process process : PROCESSES.values()) {
            process.waitFor();
        }
    }

    @BeforeEach
    void openBrowser() {
        openBrowser(List.of());
    }

    /** Chromium on the page, with {@code extra} command-line switches (a fake microphone). */
    private void openBrowser(List<String> extra) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--window-size=1280,1400");
        options.addArguments(extra);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        browser.get(app.resolve("/ui/").toString());
        wait.until(d -> d.findElement(By.id("readiness")).getText().equals("Ready"));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theReceiptsLinesAreListedAndBoxedWhereTheApiFoundThem() throws Exception {
        String models = browser.findElement(By.id("models")).getText();
        assertTrue(models.contains("pp-ocrv4: READY"), models);

        browser.findElement(By.id("file")).sendKeys(RECEIPT.toString());
        wait.until(d -> d.findElements(By.cssSelector("#lines li")).size() == 3);

        JsonNode api = post(
                "/read-text",
                "{\"image\": \"" + Base64.getEncoder().encodeToString(Files.readAllBytes(RECEIPT)) + "\"}");
        List<WebElement> items = browser.findElements(By.cssSelector("#lines li"));
        List<WebElement> boxes = browser.findElements(By.cssSelector("#boxes polygon"));
        assertEquals(3, api.path("lines").size());
        assertEquals(3, boxes.size());
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonNode line = api.path("lines").get(i);
            texts.add(line.path("text").asText());
            assertEquals(
                    line.path("text").asText(),
                    items.get(i).findElement(By.className("text")).getText());
            assertTrue(
                    items.get(i).getText().contains("confidence"), items.get(i).getText());
            assertBoxDrawnAt(line.path("box"), api.path("width").asInt(), boxes.get(i));
        }
        assertEquals(List.of("Corner Bakery", "2 croissants 5.40", "Total 5.40 EUR"), texts);
        assertTrue(
                browser.findElement(By.id("preview")).getAttribute("alt").contains("Corner Bakery"),
                "the image's alt text carries what was read");

        new Actions(browser).moveToElement(items.get(1)).perform();
        wait.until(d -> classes(boxes.get(1)).contains("active"));
        assertFalse(classes(boxes.get(0)).contains("active"));
        assertTrue(classes(items.get(1)).contains("active"), "the hovered line is highlighted with its box");
        screenshot("ui-read-text.png");
        section("read", "ui-read-text-section.png");
    }

    @Test
    void captionsAreRankedBestFirstWithTheirProbabilityBars() throws Exception {
        useSample();
        WebElement input = browser.findElement(By.id("caption-input"));
        input.clear();
        input.sendKeys("a parking garage sign saying the garage is full\na bakery receipt for two croissants");
        browser.findElement(By.id("captions-run")).click();
        wait.until(d -> d.findElements(By.cssSelector("#caption-ranks li")).size() == 2);
        List<WebElement> ranked = browser.findElements(By.cssSelector("#caption-ranks li"));
        assertEquals(
                "a bakery receipt for two croissants",
                ranked.get(0).findElement(By.className("caption")).getText());
        assertEquals(
                "a parking garage sign saying the garage is full",
                ranked.get(1).findElement(By.className("caption")).getText());
        int first =
                ranked.get(0).findElement(By.cssSelector(".bar span")).getSize().getWidth();
        int second =
                ranked.get(1).findElement(By.cssSelector(".bar span")).getSize().getWidth();
        assertTrue(first > second, "the best caption has the longer bar: " + first + " vs " + second);
        assertTrue(ranked.get(0).getText().contains("cosine"), ranked.get(0).getText());
        screenshot("ui-captions.png");
    }

    @Test
    void theImageAndTextVectorsAreComparedByCosine() {
        useSample();
        browser.findElement(By.id("encode-run")).click();
        wait.until(d -> d.findElements(By.cssSelector("#encode-out tbody tr")).size() == 2);
        String summary = browser.findElement(By.cssSelector("#encode-out p")).getText();
        assertTrue(summary.contains("384 dimensions") && summary.contains("all-minilm-l6-v2-q"), summary);
        List<WebElement> rows = browser.findElements(By.cssSelector("#encode-out tbody tr"));
        double receipt = Double.parseDouble(
                rows.get(0).findElements(By.tagName("td")).get(1).getText());
        double cat = Double.parseDouble(
                rows.get(1).findElements(By.tagName("td")).get(1).getText());
        assertTrue(receipt > cat, "the receipt text is closer to the receipt than the cat: " + receipt + " vs " + cat);
        assertEquals(
                3, browser.findElements(By.cssSelector("#encode-out button")).size(), "a copy button per vector");
    }

    @Test
    void anApiErrorIsShownAsItsMessageAndField() throws Exception {
        Path notAnImage = Path.of("target", "not-an-image.png").toAbsolutePath();
        Files.writeString(notAnImage, "this is text, not a picture");
        browser.findElement(By.id("file")).sendKeys(notAnImage.toString());
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("read-error")));
        JsonNode api = postExpectingError(
                "/read-text",
                "{\"image\": \"" + Base64.getEncoder().encodeToString(Files.readAllBytes(notAnImage)) + "\"}");
        assertTrue(error.getText().contains(api.path("error").asText()), error.getText());
        assertTrue(error.getText().contains("field: image"), error.getText());
        assertTrue(browser.findElements(By.cssSelector("#lines li")).isEmpty());

        WebElement captions = browser.findElement(By.id("caption-input"));
        captions.clear();
        browser.findElement(By.id("captions-run")).click();
        WebElement captionError = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("captions-error")));
        assertTrue(captionError.getText().contains("field: "), captionError.getText());
        screenshot("ui-error.png");
    }

    @Test
    void summariesAreColouredBySupportAndTheChainShowsEachStep() throws Exception {
        useSample();
        browser.findElement(By.id("summaries-run")).click();
        wait.until(
                d -> d.findElements(By.cssSelector("#summaries-out .summary")).size() == 2);
        List<WebElement> summaries = browser.findElements(By.cssSelector("#summaries-out .summary"));
        assertTrue(summaries.get(0).getText().contains("F1"), summaries.get(0).getText());
        assertFalse(
                browser.findElements(By.cssSelector("#summaries-out .sentence")).isEmpty());
        List<WebElement> unsupported = browser.findElements(By.cssSelector("#summaries-out mark.unsupported"));
        assertFalse(unsupported.isEmpty(), "the invented numbers of the second summary are marked");
        assertTrue(
                summaries.get(1).getText().contains("Not in the document"),
                summaries.get(1).getText());

        browser.findElement(By.id("chain-run")).click();
        wait.until(d -> d.findElements(By.cssSelector("#chain-out tbody tr")).size() == 5);
        List<WebElement> rows = browser.findElements(By.cssSelector("#chain-out tbody tr"));
        List<String> steps = new ArrayList<>();
        for (WebElement row : rows.subList(0, 4)) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            steps.add(cells.get(0).getText());
            assertEquals("in-process", cells.get(1).getText());
            assertTrue(Double.parseDouble(cells.get(2).getText()) >= 0);
        }
        assertEquals(List.of("analyze-image", "analyze-text", "analyze-fuse", "analyze-score"), steps);
        section("summaries", "ui-summaries.png");
        section("chain", "ui-chain.png");
    }

    @Test
    void onAPhoneThePageFitsTheScreenAndWorksByKeyboard() throws Exception {
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.navigate().refresh();
        wait.until(d -> d.findElement(By.id("readiness")).getText().equals("Ready"));
        // keyboard only: tab to the sample button and press Enter
        WebElement sample = browser.findElement(By.id("sample"));
        ((JavascriptExecutor) browser).executeScript("document.getElementById('file').focus()");
        new Actions(browser).sendKeys(org.openqa.selenium.Keys.TAB).perform();
        assertEquals(sample, browser.switchTo().activeElement(), "Tab moves from the file picker to the sample");
        new Actions(browser).sendKeys(org.openqa.selenium.Keys.ENTER).perform();
        wait.until(d -> d.findElements(By.cssSelector("#lines li")).size() == 3);
        Number scroll = (Number) ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertTrue(scroll.intValue() <= 0, "no sideways scrolling at 390 px: " + scroll);
        for (WebElement field : browser.findElements(By.cssSelector("textarea, input"))) {
            String id = field.getAttribute("id");
            assertFalse(
                    browser.findElements(By.cssSelector("label[for='" + id + "']"))
                            .isEmpty(),
                    id + " has a label");
        }
        screenshot("ui-phone.png");
    }

    @Test
    void swaggerUiIsServedAndTheProductionSwitchTurnsItOff() throws Exception {
        assertEquals(200, get(app.resolve("/q/swagger-ui/")).statusCode());
        HttpResponse<String> bare = get(app.resolve("/ui"));
        assertEquals(302, bare.statusCode(), "/ui is sent to the page");
        assertTrue(bare.headers().firstValue("Location").orElse("").endsWith("/ui/"));
        assertEquals(404, get(production.resolve("/q/swagger-ui/")).statusCode());
        JsonNode paths = JSON.readTree(
                        get(production.resolve("/q/openapi?format=json")).body())
                .path("paths");
        assertTrue(paths.has("/encode-text"));
        assertFalse(paths.has("/read-text"), "a deployment documents only the function it exports");
        browser.get(app.resolve("/q/swagger-ui/").toString());
        wait.until(d -> d.findElements(By.cssSelector(".opblock-summary-path")).stream()
                .anyMatch(e -> e.getText().replace("\u200b", "").equals("/read-text")));
        screenshot("ui-swagger.png");
    }

    @Test
    void aRecordingsSegmentsAreOnTheTimelineWithTheirWordsAndTheMatchingCaptionRanksFirst() throws Exception {
        Path spoken = TestAudio.sentences("playground", 1.5, SAID, "please close the window");
        browser.findElement(By.id("audio-file")).sendKeys(spoken.toString());
        wait.until(d -> !d.findElement(By.id("transcript")).getText().isBlank());

        JsonNode api = post(
                "/transcribe",
                "{\"words\": true, \"audio\": \"" + Base64.getEncoder().encodeToString(Files.readAllBytes(spoken))
                        + "\"}");
        JsonNode segments = api.path("segments");
        assertEquals(2, segments.size(), "two sentences apart: " + api);
        List<WebElement> blocks = browser.findElements(By.cssSelector("#timeline .seg"));
        List<WebElement> items = browser.findElements(By.cssSelector("#segments li"));
        assertEquals(segments.size(), blocks.size());
        assertEquals(segments.size(), items.size());
        WebElement timeline = browser.findElement(By.id("timeline"));
        double width = timeline.getRect().getWidth();
        double duration = api.path("duration").asDouble();
        for (int i = 0; i < segments.size(); i++) {
            JsonNode segment = segments.get(i);
            assertEquals(
                    segment.path("text").asText(),
                    items.get(i).findElement(By.className("text")).getText());
            double left = blocks.get(i).getRect().getX() - timeline.getRect().getX();
            double drawn = blocks.get(i).getRect().getWidth();
            assertEquals(segment.path("start").asDouble() / duration * width, left, 2, "left of segment " + i);
            assertEquals(
                    (segment.path("end").asDouble() - segment.path("start").asDouble()) / duration * width,
                    drawn,
                    Math.max(2, 0.005 * width),
                    "width of segment " + i);
        }
        List<String> shown = browser.findElements(By.cssSelector("#segments .word")).stream()
                .map(WebElement::getText)
                .toList();
        List<String> heard = new ArrayList<>();
        api.path("words").forEach(w -> heard.add(w.path("word").asText()));
        assertEquals(heard, shown, "every word under its segment, in order");
        long said = Stream.of(SAID.split(" ")).filter(shown::contains).count();
        assertTrue(said >= 5, "the spoken words are among the words shown: " + shown);
        assertEquals(
                api.path("text").asText(),
                browser.findElement(By.id("transcript")).getText());

        WebElement captions = browser.findElement(By.id("audio-captions"));
        captions.clear();
        captions.sendKeys("quarterly revenue rose on strong cloud sales\n"
                + "a weather report about a cold frozen river\na recipe for chocolate cake");
        browser.findElement(By.id("audio-captions-run")).click();
        wait.until(d -> d.findElements(By.cssSelector("#audio-ranks li")).size() == 3);
        assertEquals(
                "a weather report about a cold frozen river",
                browser.findElement(By.cssSelector("#audio-ranks li .caption")).getText());
        section("audio", "ui-audio.png");
    }

    @Test
    void aMicrophoneRecordingIsSentAndTranscribed() throws Exception {
        browser.quit();
        Path spoken = TestAudio.flite("playground-microphone", SAID);
        openBrowser(List.of(
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                "--use-file-for-fake-audio-capture=" + spoken));
        browser.findElement(By.id("record")).click();
        wait.until(d -> d.findElement(By.id("record-stop")).isEnabled());
        // the fake microphone plays the file in a loop from when it opened: record it about twice over
        Thread.sleep(7_000);
        browser.findElement(By.id("record-stop")).click();
        wait.until(d -> !d.findElement(By.id("transcript")).getText().isBlank());
        assertTrue(browser.findElement(By.id("audio-name")).getText().contains("your recording"));
        assertFalse(browser.findElements(By.cssSelector("#timeline .seg")).isEmpty());
        String transcript = browser.findElement(By.id("transcript")).getText();
        long said = Stream.of(SAID.split(" "))
                .filter(w -> w.length() > 3 && transcript.contains(w))
                .count();
        assertTrue(said >= 2, "the recording was heard: " + transcript);
    }

    @Test
    void aClipsShotsAreAStripOfKeyframesWithTheirTextAndTheTranscriptUnderIt() throws Exception {
        Path clip = TestVideo.clip()
                .size(640, 360)
                .slide("navy", "QUARTERLY REPORT", 3)
                .slide("darkgreen", "THANK YOU", 3)
                .audio(TestAudio.flite("playground-clip", SAID))
                .write("playground.mp4");
        browser.findElement(By.id("video-file")).sendKeys(clip.toString());
        wait.until(d -> d.findElements(By.cssSelector("#shots li")).size() == 2
                && !d.findElement(By.id("video-transcript")).getText().isBlank());
        List<WebElement> shots = browser.findElements(By.cssSelector("#shots li"));
        List<String> texts = new ArrayList<>();
        for (WebElement shot : shots) {
            texts.add(shot.findElement(By.className("shot-text")).getText().toUpperCase(Locale.ROOT));
            WebElement keyframe = shot.findElement(By.cssSelector("img.keyframe"));
            Number loaded = (Number) ((JavascriptExecutor) browser)
                    .executeScript("return arguments[0].complete ? arguments[0].naturalWidth : -1", keyframe);
            assertEquals(320, loaded.intValue(), "the keyframe is shown (the page's policy lets data: JPEGs in)");
            assertTrue(keyframe.getAttribute("alt").toUpperCase(Locale.ROOT).contains(texts.get(texts.size() - 1)));
            assertTrue(shot.findElement(By.className("when")).getText().contains(" s"));
        }
        assertEquals(List.of("QUARTERLY REPORT", "THANK YOU"), texts);
        String second = shots.get(1).findElement(By.className("when")).getText();
        assertEquals(3.0, Double.parseDouble(second.substring(0, second.indexOf(' '))), 0.5, second);
        String transcript = browser.findElement(By.id("video-transcript")).getText();
        assertTrue(
                Stream.of("weather", "cold", "river", "frozen")
                                .filter(transcript::contains)
                                .count()
                        >= 2,
                transcript);

        WebElement titles = browser.findElement(By.id("video-titles"));
        titles.clear();
        titles.sendKeys("a cooking show about pasta\nthe quarterly report");
        browser.findElement(By.id("video-titles-run")).click();
        wait.until(d -> d.findElements(By.cssSelector("#video-ranks li")).size() == 2);
        assertEquals(
                "the quarterly report",
                browser.findElement(By.cssSelector("#video-ranks li .caption")).getText());
        section("video", "ui-video.png");
    }

    @Test
    void transcriptsAndOnScreenTextWithMarkupAreShownAsTextNeverRun() throws Exception {
        // the service's answers replaced in the page: a transcript or a slide could say anything
        ((JavascriptExecutor) browser).executeScript("""
                const markup = '<img src=x class=injected onerror="window.injected=1"><b class=injected>bold</b>';
                const answers = {
                  '/transcribe': {model: 'm', version: '1', language: 'en', duration: 2, text: markup,
                    segments: [{id: 0, start: 0.5, end: 1.5, text: markup, confidence: 0.9}],
                    words: [{word: markup, start: 0.5, end: 1.0}]},
                  '/read-video': {model: 'm', version: '1', speechModel: null, duration: 2, width: 64, height: 36,
                    fps: 25, transcript: markup, text: markup,
                    shots: [{start: 0, end: 2, keyframe: 0.5, text: markup, lines: [],
                      keyframeImage: 'javascript:window.injected=2'}]}};
                const real = window.fetch;
                window.fetch = (path, init) => answers[path]
                  ? Promise.resolve(new Response(JSON.stringify(answers[path]),
                      {status: 200, headers: {'Content-Type': 'application/json'}}))
                  : real(path, init);""");
        Path any = Path.of("target", "markup.wav").toAbsolutePath();
        Files.write(any, new byte[] {'R', 'I', 'F', 'F'});
        browser.findElement(By.id("audio-file")).sendKeys(any.toString());
        wait.until(d -> !d.findElements(By.cssSelector("#segments .word")).isEmpty());
        browser.findElement(By.id("video-file")).sendKeys(any.toString());
        wait.until(d -> !d.findElements(By.cssSelector("#shots .shot-text")).isEmpty());
        for (String id : new String[] {"transcript", "video-transcript"}) {
            assertTrue(browser.findElement(By.id(id)).getText().startsWith("<img src=x"), id);
        }
        assertTrue(
                browser.findElement(By.cssSelector("#segments .text")).getText().contains("<b class=injected>"));
        assertTrue(browser.findElement(By.cssSelector("#shots .shot-text"))
                .getText()
                .contains("<b class=injected>"));
        assertTrue(
                browser.findElement(By.cssSelector("#timeline .seg")).getText().startsWith("<img"));
        assertTrue(browser.findElements(By.cssSelector(".injected")).isEmpty(), "no element made of model text");
        assertTrue(browser.findElements(By.cssSelector("#shots img")).isEmpty(), "only a data:image/jpeg keyframe");
        assertEquals(null, ((JavascriptExecutor) browser).executeScript("return window.injected ?? null"));
    }

    private static String classes(WebElement element) {
        String value = element.getAttribute("class");
        return value == null ? "" : value;
    }

    private void useSample() {
        browser.findElement(By.id("sample")).click();
        wait.until(d -> d.findElements(By.cssSelector("#lines li")).size() == 3);
    }

    /** The polygon's points are the box, and its rendered bounds sit over the box's pixels of the image. */
    private void assertBoxDrawnAt(JsonNode box, int imageWidth, WebElement polygon) {
        StringBuilder points = new StringBuilder();
        int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = 0, maxY = 0;
        for (JsonNode corner : box) {
            int x = corner.get(0).asInt();
            int y = corner.get(1).asInt();
            points.append(points.isEmpty() ? "" : " ").append(x).append(',').append(y);
            minX = Math.min(minX, x);
            minY = Math.min(minY, y);
            maxX = Math.max(maxX, x);
            maxY = Math.max(maxY, y);
        }
        assertEquals(points.toString(), polygon.getAttribute("points"));
        @SuppressWarnings("unchecked")
        List<Number> drawn = (List<Number>) ((JavascriptExecutor) browser).executeScript("""
                const img = document.getElementById('preview').getBoundingClientRect();
                const box = arguments[0].getBoundingClientRect();
                return [box.left - img.left, box.top - img.top, box.right - img.left, box.bottom - img.top,
                        img.width];""", polygon);
        double scale = imageWidth / drawn.get(4).doubleValue(); // image pixels per CSS pixel
        double tolerance = 3 * Math.max(1, scale);
        assertEquals(minX, drawn.get(0).doubleValue() * scale, tolerance, "left of " + points);
        assertEquals(minY, drawn.get(1).doubleValue() * scale, tolerance, "top of " + points);
        assertEquals(maxX, drawn.get(2).doubleValue() * scale, tolerance, "right of " + points);
        assertEquals(maxY, drawn.get(3).doubleValue() * scale, tolerance, "bottom of " + points);
    }

    private void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
    }

    private void section(String id, String name) throws IOException {
        WebElement section = browser.findElement(By.id(id));
        // an element screenshot is cut to the viewport: bring the whole section into it first
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'start'})", section);
        File shot = section.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> response = send(path, body);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static JsonNode postExpectingError(String path, String body) throws Exception {
        HttpResponse<String> response = send(path, body);
        assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, response.body());
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(String path, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(app.resolve(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A system property naming the file, else the first name found on the PATH. */
    private static Optional<String> executable(String property, String... names) {
        String given = System.getProperty(property);
        if (given != null && Files.isExecutable(Path.of(given))) {
            return Optional.of(given);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator))
                .flatMap(dir -> Stream.of(names).map(n -> Path.of(dir, n)))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .findFirst();
    }

    private static URI launch(String name, Map<String, String> env) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dai.djl.offline=true",
                "-Dmmf.models.dir=" + Path.of("models").toAbsolutePath(),
                "-jar",
                "target/quarkus-app/quarkus-run.jar");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "playground-" + name + ".log").toFile());
        builder.environment().putAll(env);
        PROCESSES.put(name, builder.start());
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    private static void awaitReady(String name, URI uri) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (System.nanoTime() < deadline) {
            assertTrue(PROCESSES.get(name).isAlive(), name + " exited; see target/playground-" + name + ".log");
            try {
                if (get(uri.resolve("/q/health/ready")).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError(name + " not ready in 4 minutes; see target/playground-" + name + ".log");
    }
}
