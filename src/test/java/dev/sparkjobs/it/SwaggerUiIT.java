package dev.sparkjobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparkjobs.support.AbstractIT;
import dev.sparkjobs.support.Browser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Swagger UI in a real browser: authorize with an API key, submit the SQL example, read the job id
 * from the answer and fetch the job until it SUCCEEDED, all by clicking. The screenshot it takes is
 * docs/images/swagger-ui-submit.png.
 */
class SwaggerUiIT extends AbstractIT {

    static final Path SCREENSHOT = Path.of("target", "screenshots", "swagger-ui-submit.png");

    private WebDriver browser;

    @AfterEach
    void quit() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aJobSubmittedAndFetchedThroughSwaggerUiSucceeds() throws IOException {
        browser = Browser.start();
        var wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.get("http://127.0.0.1:" + port + "/swagger-ui.html");

        authorize(wait, ADMIN_KEY);

        WebElement submit = expand(wait, "operations-jobs-submit");
        new Select(submit.findElement(By.cssSelector(".examples-select select"))).selectByValue("sql");
        assertThat(submit.findElement(By.cssSelector("textarea.body-param__text"))
                        .getAttribute("value"))
                .contains("\"type\": \"sql\"");
        JsonNode accepted = execute(wait, submit, "202");
        String id = accepted.path("id").asString();
        assertThat(id).isNotBlank();
        assertThat(accepted.path("type").asString()).isEqualTo("sql");

        scrollTo(submit.findElement(By.cssSelector(".opblock-section-request-body")));
        Files.createDirectories(SCREENSHOT.getParent());
        Files.copy(
                ((org.openqa.selenium.TakesScreenshot) browser)
                        .getScreenshotAs(OutputType.FILE)
                        .toPath(),
                SCREENSHOT,
                StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(SCREENSHOT)).isGreaterThan(10_000);

        WebElement get = expand(wait, "operations-jobs-get");
        param(get, "id").sendKeys(id);
        param(get, "waitSeconds").sendKeys("60");
        JsonNode job = execute(wait, get, "200");
        assertThat(job.path("id").asString()).isEqualTo(id);
        assertThat(job.path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(job.path("result").path("rows")).isNotEmpty();
    }

    private void authorize(WebDriverWait wait, String key) {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".scheme-container button.authorize")))
                .click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api_key_value")))
                .sendKeys(key);
        // one form for both schemes: its Authorize stores the values given, here the apiKey's only
        WebElement modal = browser.findElement(By.cssSelector(".modal-ux"));
        modal.findElement(By.cssSelector(".auth-btn-wrapper button[type='submit']"))
                .click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath(
                "//h4[code[normalize-space()='apiKey']]/following-sibling::h6[normalize-space()='Authorized']")));
        modal.findElement(By.cssSelector("button.btn-done")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".modal-ux")));
    }

    /** Opens an operation and presses "Try it out". */
    private WebElement expand(WebDriverWait wait, String operationId) {
        WebElement op = wait.until(ExpectedConditions.presenceOfElementLocated(By.id(operationId)));
        scrollTo(op);
        op.findElement(By.cssSelector(".opblock-summary-control")).click();
        WebElement tryOut = wait.until(d -> op.findElement(By.cssSelector("button.try-out__btn")));
        wait.until(ExpectedConditions.elementToBeClickable(tryOut)).click();
        wait.until(d -> !op.findElements(By.cssSelector("button.execute")).isEmpty());
        return op;
    }

    private static WebElement param(WebElement op, String name) {
        return op.findElement(By.cssSelector("tr[data-param-name='" + name + "'] input"));
    }

    /** Presses Execute and returns the answer's body once its status is shown (and is the one expected). */
    private JsonNode execute(WebDriverWait wait, WebElement op, String status) {
        op.findElement(By.cssSelector("button.execute")).click();
        WebElement live = new WebDriverWait(browser, Duration.ofSeconds(90))
                .until(d -> op.findElement(By.cssSelector(".live-responses-table")));
        WebElement code = wait.until(d -> live.findElement(By.cssSelector("tbody .response-col_status")));
        String body = live.findElement(By.cssSelector("tbody .response-col_description pre"))
                .getText();
        assertThat(code.getText()).as(body).isEqualTo(status);
        return JsonMapper.builder().build().readTree(body);
    }

    private void scrollTo(WebElement element) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'start'});", element);
    }
}
