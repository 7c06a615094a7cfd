package dev.sparkjobs.support;

import java.io.File;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium driven through Debian's chromedriver. Both programs are named explicitly, so
 * Selenium Manager never looks for (or downloads) a browser or a driver.
 */
public final class Browser {

    public static final String CHROMIUM = "/usr/bin/chromium";
    public static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private Browser() {}

    /** A new headless browser with a window large enough for a readable screenshot; quit it when done. */
    public static ChromeDriver start() {
        RequiredTool.require(CHROMIUM, "chromium");
        RequiredTool.require(CHROMEDRIVER, "chromium-driver");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM)
                // root in a container has no usable sandbox; /dev/shm there is often 64 MB
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-dev-shm-usage",
                        "--disable-gpu",
                        "--no-first-run",
                        "--window-size=1400,2000");
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return driver;
    }
}
