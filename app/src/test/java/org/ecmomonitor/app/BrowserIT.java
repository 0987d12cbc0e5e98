package org.ecmomonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pages in a real browser (Debian's headless Chromium through its chromedriver), against the whole monitor
 * with samples published over MQTT: sign in, a tile updating live, acknowledging from the tile, the bed view's
 * trend, a feed alias fixed in the console (with the devices' clock column), and the lost-connection banner.
 * Screenshots of every page go to {@code target/screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserIT {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String CHROMIUM = System.getenv().getOrDefault("ECMO_IT_CHROMIUM", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getenv().getOrDefault("ECMO_IT_CHROMEDRIVER",
            "/usr/bin/chromedriver");

    private static Path dir;
    private static Monitor monitor;
    private static MqttClient device;
    private static ChromeDriver browser;
    private static WebDriverWait wait;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        assertThat(new File(CHROMIUM).canExecute()).as("Chromium is needed for the browser tests: apt-get install chromium"
                + " (bash .ci/run installs it)").isTrue();
        assertThat(new File(CHROMEDRIVER).canExecute()).as("chromedriver is needed for the browser tests: apt-get install"
                + " chromium-driver (bash .ci/run installs it)").isTrue();
        dir = Files.createTempDirectory("ecmo-browser");
        Files.createDirectories(SCREENSHOTS);
        MonitorConfig config = new ConfigParser(Map.of("ECMO_DATA_DIR", dir.resolve("data").toString(),
                "ECMO_MQTT_PORT", "0", "ECMO_HTTP_PORT", "0", "ECMO_INGEST_QUEUE_CAPACITY", "1000",
                "ECMO_MQTT_ALLOW_ANONYMOUS", "true"))
                .parse(Optional.empty());
        monitor = new Monitor(config, Clock.systemUTC());
        monitor.start();
        base = "http://127.0.0.1:" + monitor.httpAddress().getPort();

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1500,1100", "--user-data-dir=" + dir.resolve("chromium"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .withLogFile(dir.resolve("chromedriver.log").toFile()).build(), options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        firstAdminChoosesAPasswordBeforeAnythingElse();
        MonitorSession admin = MonitorSession.admin(monitor.httpAddress().getPort(), dir.resolve("data"));
        admin.createAccount("nurse.ann", "nurse", "ann-password");
        admin.createAccount("dr.kim", "intensivist", "kim-password");
        admin.createAccount("bio.max", "biomed", "max-password");
        device = new MqttClient("tcp://127.0.0.1:" + monitor.mqttAddress().getPort(), "gateway-" + UUID.randomUUID(),
                new MemoryPersistence());
        device.connect();
    }

    /**
     * The first admin signs in with the generated password (issue 14): the monitor sends them to choose their own,
     * then to the page they asked for; the generated password's file is gone.
     */
    private static void firstAdminChoosesAPasswordBeforeAnythingElse() throws Exception {
        String generated = MonitorSession.initialAdminPassword(dir.resolve("data"));
        browser.get(base + "/admin");
        wait.until(ExpectedConditions.urlContains("/login?next="));
        browser.findElement(By.id("user")).sendKeys("admin");
        browser.findElement(By.id("password")).sendKeys(generated);
        browser.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.urlContains("/password"));
        browser.get(base + "/admin");
        wait.until(ExpectedConditions.urlContains("/password"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("why"), "generated password"));
        browser.findElement(By.id("current")).sendKeys(generated);
        browser.findElement(By.id("new")).sendKeys(MonitorSession.ADMIN_PASSWORD);
        browser.findElement(By.id("again")).sendKeys(MonitorSession.ADMIN_PASSWORD);
        screenshot("password-change");
        browser.findElement(By.id("change")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("nav .who"), "admin"));
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/admin");
        assertThat(dir.resolve("data").resolve(Monitor.INITIAL_ADMIN_PASSWORD_FILE)).doesNotExist();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (device != null && device.isConnected()) {
            device.disconnect();
        }
        if (monitor != null) {
            monitor.close();
        }
    }

    @BeforeEach
    void signedOut() {
        browser.get(base + "/login");
        browser.manage().deleteAllCookies();
    }

    private static void publish(String topic, String json) throws Exception {
        MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        device.publish(topic, m);
    }

    private static String sample(String signal, double value, String unit, long tsMillis) {
        return "{\"ts\": " + tsMillis + ", \"signal\": \"" + signal + "\", \"value\": " + value + ", \"unit\": \""
                + unit + "\"}";
    }

    private static void signIn(String page, String user, String password) {
        browser.get(base + page);
        wait.until(ExpectedConditions.urlContains("/login?next="));
        browser.findElement(By.id("user")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("nav .who"), user));
    }

    /** Clicks what the selector finds, again if the live board re-rendered it between finding and clicking. */
    private static void click(By selector) {
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            d.findElement(selector).click();
            return true;
        });
    }

    /** Reads from what the selector finds, again if the live board re-rendered it in between. */
    private static String read(By selector, java.util.function.Function<WebElement, String> what) {
        return wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> what.apply(d.findElement(selector)));
    }

    private static void screenshot(String name) throws Exception {
        Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    private static By tileValue(String bed, String signal) {
        return By.cssSelector("section.tile[data-bed='" + bed + "'] .value[data-signal='" + signal + "'] .number");
    }

    @Test
    @Order(1)
    void aSignedInNurseSeesABedTileUpdateWhenASampleArrivesOverMqtt() throws Exception {
        signIn("/", "nurse.ann", "ann-password");
        long now = Instant.now().toEpochMilli();
        publish("icu/B1/console", "{\"samples\": [" + sample("map", 72, "mmHg", now) + ", "
                + sample("ecmo_flow", 3.9, "L/min", now) + ", " + sample("ecmo_speed", 3100, "rpm", now) + ", "
                + sample("nirs_left", 66, "%", now) + ", " + sample("nirs_right", 71, "%", now) + "]}");
        publish("icu/B1/lab", sample("lactate", 1.8, "mmol/L", now - 3_600_000));
        // context as the site broker sends it: anonymous devices may not send context (issue 14)
        monitor.pipeline().submit(new org.ecmomonitor.ingest.InboundMessage("icu/B1/context", ("{\"ts\": " + now
                + ", \"arterial_cannula_side\": \"left\", \"ecmo_mode\": \"running\"}").getBytes(StandardCharsets.UTF_8),
                "broker", null, true)).get(10, java.util.concurrent.TimeUnit.SECONDS);
        wait.until(ExpectedConditions.textToBe(tileValue("B1", "map"), "72"));
        ((JavascriptExecutor) browser).executeScript("window.notReloaded = true;");
        publish("icu/B1/console", sample("map", 68, "mmHg", now + 1000));
        wait.until(ExpectedConditions.textToBe(tileValue("B1", "map"), "68"));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.notReloaded === true;"))
                .as("updated live, without a reload").isEqualTo(true);
        assertThat(read(tileValue("B1", "ecmo_flow"), WebElement::getText)).isEqualTo("3.9");
        assertThat(read(tileValue("B1", "lactate"), WebElement::getText)).isEqualTo("1.8");
        assertThat(read(By.cssSelector("section.tile[data-bed='B1'] .value[data-signal='nirs_left']"),
                WebElement::getText)).contains("cannulated leg");
        screenshot("board");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(820, 1180));
        screenshot("board-tablet");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1500, 1100));
    }

    @Test
    @Order(2)
    void aNurseAcknowledgesAnAlertFromTheTileAndSeesItChangeState() throws Exception {
        signIn("/", "nurse.ann", "ann-password");
        publish("icu/B2/lab", sample("lactate", 6.2, "mmol/L", Instant.now().minusSeconds(30).toEpochMilli()));
        By active = By.cssSelector("section.tile[data-bed='B2'] li.alert.active");
        wait.until(ExpectedConditions.visibilityOfElementLocated(active));
        assertThat(read(active, WebElement::getText)).contains("MEDIUM").contains("lactate");
        assertThat(read(By.cssSelector("section.tile[data-bed='B2']"), e -> e.getDomAttribute("class")))
                .contains("alarm-medium");
        screenshot("board-alert");
        click(By.cssSelector("section.tile[data-bed='B2'] li.alert.active button.ack"));
        By acknowledged = By.cssSelector("section.tile[data-bed='B2'] li.alert.acknowledged");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(acknowledged, "ack nurse.ann"));
        assertThat(browser.findElements(active)).isEmpty();
        screenshot("board-acknowledged");
        click(By.cssSelector("section.tile[data-bed='B2'] a.bed-name"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("history"), "nurse.ann"));
        assertThat(read(By.id("history"), WebElement::getText)).contains("LACTATE_HIGH").contains("acknowledged");
        wait.until(ExpectedConditions.attributeToBeNotEmpty(browser.findElement(By.id("charts")), "data-drawn"));
        Object marked = ((JavascriptExecutor) browser).executeScript("return echarts.getInstanceByDom("
                + "document.getElementById('chart-labs')).getOption().series[0].markArea.data.length;");
        assertThat(((Number) marked).intValue()).as("the alert's span on the lab chart").isEqualTo(1);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("burden"), "LACTATE_HIGH"));
        assertThat(read(By.id("burden-total"), WebElement::getText)).as("a nurse sees the alarm burden and its goal")
                .contains("fewer than 10 per bed-day");
        screenshot("bed-view-alert");
    }

    @Test
    @Order(3)
    void anIntensivistOpensTheBedViewSeesTheTrendDrawnAndEditsTheContext() throws Exception {
        long now = Instant.now().toEpochMilli();
        StringBuilder batch = new StringBuilder("{\"samples\": [");
        for (int i = 0; i < 240; i++) {
            batch.append(i == 0 ? "" : ", ").append(sample("map", 70 + 8 * Math.sin(i / 20.0), "mmHg",
                    now - (240 - i) * 15_000L));
        }
        publish("icu/B1/console", batch.append("]}").toString());
        signIn("/beds/B1", "dr.kim", "kim-password");
        wait.until(ExpectedConditions.attributeToBeNotEmpty(browser.findElement(By.id("charts")), "data-drawn"));
        Object points = ((JavascriptExecutor) browser).executeScript("return echarts.getInstanceByDom("
                + "document.getElementById('chart-map')).getOption().series[0].data.length;");
        assertThat(((Number) points).intValue()).as("MAP trend points drawn").isGreaterThan(20);
        assertThat(browser.findElements(By.cssSelector("#chart-map canvas"))).isNotEmpty();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("burden-total"), "per bed-day"));
        assertThat(read(By.id("burden-total"), WebElement::getText)).as("an intensivist sees the alarm burden")
                .contains("notified alerts per bed-day").contains("fewer than 10 per bed-day");
        assertThat(read(By.id("burden-period"), WebElement::getText)).contains("Last 7 days").contains("of monitoring");
        screenshot("bed-view");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("ctx-ecmo_mode")))
                .selectByValue("weaning_trial");
        WebElement target = browser.findElement(By.id("ctx-map_target"));
        target.clear();
        target.sendKeys("70");
        browser.findElement(By.id("save-context")).click();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Context saved"));
        assertThat(browser.findElement(By.cssSelector("#context-form .status")).getText()).contains("70 mmHg");
        screenshot("bed-view-context");
    }

    @Test
    @Order(4)
    void aBiomedicalEngineerAddsAnAliasAndTheNextSampleIsAccepted() throws Exception {
        String unmapped = "{\"ts\": %d, \"signal\": \"ART_MEAN\", \"value\": 64, \"unit\": \"mmHg\"}";
        publish("icu/B3/monitor2", String.format(unmapped, Instant.now().toEpochMilli()));
        signIn("/feeds", "bio.max", "max-password");
        By rejected = By.cssSelector("tr[data-device='monitor2'] td.rejected");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(rejected, "unknown_signal 1"));
        browser.findElement(By.cssSelector("tr[data-device='monitor2'] a")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dead-letters"), "ART_MEAN"));
        screenshot("feeds-rejected");
        browser.findElement(By.id("f-aliases")).sendKeys("ART_MEAN = map");
        browser.findElement(By.id("save-feed")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "saved"));
        publish("icu/B3/monitor2", String.format(unmapped, Instant.now().toEpochMilli()));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("tr[data-device='monitor2'] td:last-child"), "map"));
        assertThat(read(rejected, WebElement::getText)).isEqualTo("unknown_signal 1");
        assertThat(read(By.cssSelector("#feeds"), e -> e.findElement(By.xpath("ancestor::table//thead")).getText()))
                .contains("Clock");
        assertThat(read(By.cssSelector("tr[data-device='monitor2'] td.clock"), WebElement::getText))
                .as("a device publishing its own time now: no estimate yet, or in sync").isIn("–", "in sync");
        screenshot("feeds");
    }

    @Test
    @Order(5)
    void anAdminSeesTheAuditLogOfEveryChange() throws Exception {
        signIn("/admin", "admin", MonitorSession.ADMIN_PASSWORD);
        By audit = By.id("audit");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(audit, "acknowledge"));
        String log = read(audit, WebElement::getText);
        assertThat(log).contains("nurse.ann").contains("dr.kim").contains("edit context").contains("bio.max")
                .contains("create feed");
        screenshot("admin");
    }

    /**
     * The store stops taking writes (another process holds samples.db locked), device messages pile up until the
     * write queue (1,000 messages here) is full and ingest refuses them: every page says so in a banner, since no
     * bed's silence is reported as FEED_STALE meanwhile; when the store writes again the banner goes.
     */
    @Test
    @Order(6)
    void theBoardSaysWhenIngestRefusesDeviceDataAndWhenItIsBack() throws Exception {
        signIn("/", "nurse.ann", "ann-password");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("section.tile[data-bed='B1']")));
        MqttClient flood = new MqttClient("tcp://127.0.0.1:" + monitor.mqttAddress().getPort(),
                "flood-" + UUID.randomUUID(), new MemoryPersistence());
        flood.connect();
        try (java.sql.Connection lock = java.sql.DriverManager.getConnection(
                "jdbc:sqlite:" + dir.resolve("data").resolve("samples.db"));
             java.sql.Statement st = lock.createStatement()) {
            st.execute("BEGIN EXCLUSIVE");
            long t = System.currentTimeMillis();
            for (int i = 0; i < 1_500; i++) {
                MqttMessage m = new MqttMessage(sample("map", 75, "mmHg", t - 1_500 + i)
                        .getBytes(StandardCharsets.UTF_8));
                m.setQos(0);
                flood.publish("icu/B9/monitor", m);
            }
            WebElement banner = new WebDriverWait(browser, Duration.ofSeconds(40)).until(
                    ExpectedConditions.visibilityOfElementLocated(By.id("ingest-banner")));
            assertThat(banner.getText()).startsWith("Monitor problem: ingest: refusing device messages")
                    .contains("rely on the bedside devices");
            screenshot("board-ingest-refusing");
            st.execute("ROLLBACK");
        }
        // the queue drains once the store writes; a message taken a second after the last refusal ends it
        new WebDriverWait(browser, Duration.ofSeconds(60)).pollingEvery(Duration.ofSeconds(1)).until(d -> {
            MqttMessage m = new MqttMessage(sample("map", 75, "mmHg", System.currentTimeMillis())
                    .getBytes(StandardCharsets.UTF_8));
            m.setQos(0);
            try {
                flood.publish("icu/B9/monitor", m);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return !d.findElement(By.id("ingest-banner")).isDisplayed();
        });
        flood.disconnect();
        assertThat(browser.findElements(By.cssSelector("section.tile[data-bed='B9'] .alert")))
                .as("no FEED_STALE for the bed whose messages were refused").noneMatch(
                        e -> e.getText().contains("FEED_STALE"));
    }

    @Test
    @Order(7)
    void aSignInLinkCannotSendTheNurseOffSite() {
        browser.get(base + "/login?next=/%5Cevil.example");
        browser.findElement(By.id("user")).sendKeys("nurse.ann");
        browser.findElement(By.id("password")).sendKeys("ann-password");
        browser.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("nav .who"), "nurse.ann"));
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/");
    }

    @Test
    @Order(8)
    void theBoardSaysClearlyWhenTheConnectionToTheServerIsLost() throws Exception {
        signIn("/", "nurse.ann", "ann-password");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("section.tile[data-bed='B1']")));
        monitor.close();
        WebElement banner = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("connection-banner")));
        assertThat(banner.getText()).contains("NOT live");
        screenshot("board-connection-lost");
    }
}
