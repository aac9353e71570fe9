package vn.gov.ndxp.adapters.it.browser;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium per test, driven by the Debian chromedriver (never one downloaded by Selenium
 * Manager). On a failure it saves a screenshot and the page source under target/browser/ before the
 * browser is closed. Register it as an instance field with {@code @RegisterExtension}.
 */
public final class Browser implements BeforeEachCallback, AfterEachCallback, TestExecutionExceptionHandler {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final String INSTALL = "Install Chromium to run the console test: apt-get install chromium chromium-driver";
    public static final Path ARTIFACTS = Path.of("target", "browser");

    /**
     * Selenium warns at every start that it has no DevTools (CDP) binding for Debian's Chromium version;
     * the test does not use CDP. Held here because java.util.logging keeps its loggers weakly.
     */
    private static final List<Logger> QUIET = List.of(
            Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder"),
            Logger.getLogger("org.openqa.selenium.chromium.ChromiumDriver"));

    private WebDriver driver;
    private Path profile;

    public static boolean chromiumInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    public WebDriver driver() {
        if (driver == null) {
            throw new IllegalStateException("no browser outside a test");
        }
        return driver;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        // both paths explicit: Selenium Manager is never asked to find or download anything
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        QUIET.forEach(logger -> logger.setLevel(Level.SEVERE));
        profile = Files.createTempDirectory("ndxp-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogOutput(OutputStream.nullOutputStream())
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (driver != null) {
            try {
                String name = context.getRequiredTestMethod().getName() + "-"
                        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
                Files.createDirectories(ARTIFACTS);
                Path png = ARTIFACTS.resolve(name + ".png");
                Files.write(png, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
                Files.writeString(ARTIFACTS.resolve(name + ".html"),
                        "<!-- " + driver.getCurrentUrl() + " -->\n" + driver.getPageSource(), StandardCharsets.UTF_8);
                System.err.println("Console test failed; screenshot: " + png.toAbsolutePath());
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
        throw failure;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            driver = null;
            deleteProfile();
        }
    }

    private void deleteProfile() {
        if (profile == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a leftover temp profile is harmless
        }
        profile = null;
    }
}
