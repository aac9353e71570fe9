package vn.gov.ndxp.adapters.it.browser;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.Wait;

/**
 * The parts of the Hawtio 4 console (React + PatternFly 5) the console test uses, found by ids, aria
 * labels, data-label attributes and visible texts. Every lookup waits (the console polls Jolokia and
 * re-renders its tables), ignoring elements that went stale in between.
 */
public final class HawtioConsole {

    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final By USERNAME = By.id("pf-login-username-id");
    private static final By PASSWORD = By.id("pf-login-password-id");
    private static final By LOG_IN = By.cssSelector("button[type='submit']");
    private static final By LOGIN_ERROR = By.xpath("//form//*[contains(normalize-space(text()), 'Invalid')"
            + " or contains(normalize-space(text()), 'invalid')]");
    private static final By ROUTES_TABLE = By.id("camel-routes-table");
    private static final By ALERT_TITLES = By.cssSelector("[class*='c-alert__title']");

    private final WebDriver driver;
    private final String consoleUrl;

    /** @param consoleUrl e.g. http://127.0.0.1:8080/actuator/hawtio */
    public HawtioConsole(WebDriver driver, String consoleUrl) {
        this.driver = driver;
        this.consoleUrl = consoleUrl;
    }

    /** The outcome of the login page: empty when logged in, else what the page said. */
    public Optional<String> logIn(String user, String password) {
        driver.get(consoleUrl + "/");
        WebElement name = until("the login form", d -> visible(d, USERNAME));
        name.clear();
        name.sendKeys(user);
        WebElement secret = driver.findElement(PASSWORD);
        secret.clear();
        secret.sendKeys(password);
        driver.findElement(LOG_IN).click();
        // logged in: the masthead shows the user's menu; refused: the form shows an error
        String outcome = until("the console after logging in as " + user, d -> {
            if (!d.findElements(By.xpath(userMenu(user))).isEmpty()) {
                return "ok";
            }
            List<WebElement> errors = d.findElements(LOGIN_ERROR);
            return errors.isEmpty() || errors.get(0).getText().isBlank() ? null : errors.get(0).getText().trim();
        });
        return "ok".equals(outcome) ? Optional.empty() : Optional.of(outcome);
    }

    /** Camel in the navigation, then the routes folder of the context in the tree: the routes table. */
    public void openRoutesOf(String context) {
        until("the Camel plugin in the navigation",
                d -> visible(d, By.xpath("//nav//a[normalize-space()='Camel']"))).click();
        String contextItem = "//li[@role='treeitem'][./div//button[contains(@class,'tree-view__node-text')"
                + " and normalize-space()='" + context + "']]";
        String routesNode = contextItem + "//li[@role='treeitem']/div//button[contains(@class,'tree-view__node-text')"
                + " and normalize-space()='routes']";
        until("the Camel context " + context + " in the tree", d -> visible(d, By.xpath(contextItem)));
        if (driver.findElements(By.xpath(routesNode)).isEmpty()) {
            driver.findElement(By.xpath(contextItem + "/div//button[contains(@class,'tree-view__node-toggle')]")).click();
        }
        until("the routes folder of " + context, d -> visible(d, By.xpath(routesNode))).click();
        until("the routes table", d -> visible(d, ROUTES_TABLE));
    }

    /** The route groups (adapters) listed under the routes folder of the context in the tree. */
    public List<String> routeGroupsInTree(String context) {
        String groups = "//li[@role='treeitem'][./div//button[contains(@class,'tree-view__node-text')"
                + " and normalize-space()='" + context + "']]//li[@role='treeitem'][./div//button[contains(@class,"
                + "'tree-view__node-text') and normalize-space()='routes']]/ul/li/div//button[contains(@class,"
                + "'tree-view__node-text')]";
        return until("the route groups of " + context, d -> {
            List<String> names = d.findElements(By.xpath(groups)).stream().map(e -> e.getText().trim()).toList();
            return names.isEmpty() ? null : names;
        });
    }

    /** The route names of the routes table, once it shows at least the given ones. */
    public List<String> routeNames(String... expected) {
        return until("routes " + List.of(expected) + " in the routes table", d -> {
            List<String> names = d.findElements(By.xpath("//table[@id='camel-routes-table']//tbody/tr/td[@data-label='Name']"))
                    .stream().map(e -> e.getText().trim()).toList();
            return names.containsAll(List.of(expected)) ? names : null;
        });
    }

    /** The State column of a route as the table shows it (Started, Stopped, Suspended). */
    public String routeState(String route) {
        return until("route " + route + " in the routes table", d -> cell(d, route, "State").getText().trim());
    }

    public String routeUptime(String route) {
        return until("route " + route + " in the routes table", d -> cell(d, route, "Uptime").getText().trim());
    }

    /** Waits until the table (which the console refreshes by itself) shows the route in that state. */
    public void awaitRouteState(String route, String state) {
        try {
            until("route " + route + " shown " + state, d -> state.equals(cell(d, route, "State").getText().trim()) ? true : null);
        } catch (TimeoutException e) {
            throw new TimeoutException(e.getMessage() + "; the console shows " + alerts(), e);
        }
    }

    /**
     * Waits (at most the timeout) until the console has refreshed the table, seen by the route's uptime
     * changing; false if it did not change in time (uptimes over an hour are shown to the minute).
     */
    public boolean awaitRefresh(String route, Duration timeout) {
        String before = routeUptime(route);
        try {
            return until(timeout, "a refresh of the routes table",
                    d -> before.equals(cell(d, route, "Uptime").getText().trim()) ? null : true);
        } catch (TimeoutException e) {
            return false;
        }
    }

    /** Ticks the route's row in the routes table (unticking the others). */
    public void select(String route) {
        until("route " + route + " selected", d -> {
            for (WebElement box : d.findElements(By.xpath("//table[@id='camel-routes-table']//tbody/tr"
                    + "[not(td[@data-label='Name' and normalize-space()='" + route + "'])]//input[@type='checkbox']"))) {
                if (box.isSelected()) {
                    box.click();
                }
            }
            WebElement box = row(d, route).findElement(By.xpath(".//input[@type='checkbox']"));
            if (!box.isSelected()) {
                box.click();
            }
            return box.isSelected() ? true : null;
        });
    }

    /** The action button of the routes toolbar (Start, Stop), if the console shows one. */
    public Optional<WebElement> action(String label) {
        return driver.findElements(By.xpath("//*[@id='camel-routes-toolbar']//button[normalize-space()='" + label + "']"))
                .stream().filter(WebElement::isDisplayed).findFirst();
    }

    public static boolean enabled(WebElement button) {
        return button.isEnabled() && !"true".equals(button.getAttribute("aria-disabled"));
    }

    /**
     * Selects the route and clicks the toolbar action once it is enabled for that selection. The table
     * may re-render (and drop the selection) between the two, so this selects again if it must.
     */
    public void apply(String label, String route) {
        until(label + " of route " + route, d -> {
            WebElement button = enabledFor(d, label, route);
            if (button == null) {
                return null;
            }
            button.click();
            return true;
        });
    }

    /** The toolbar action once enabled with the route selected, or empty if it stays absent or disabled. */
    public Optional<WebElement> enabledAction(String label, String route, Duration timeout) {
        try {
            return Optional.of(until(timeout, label + " enabled for route " + route, d -> enabledFor(d, label, route)));
        } catch (TimeoutException e) {
            return Optional.empty();
        }
    }

    private WebElement enabledFor(WebDriver d, String label, String route) {
        select(route);
        WebElement button = action(label).orElse(null);
        boolean selected = row(d, route).findElement(By.xpath(".//input[@type='checkbox']")).isSelected();
        return button != null && enabled(button) && selected ? button : null;
    }

    /** Waits for a danger toast (or for the given route state, if that comes first); returns what it saw. */
    public String awaitErrorOrState(String route, String state, Duration timeout) {
        try {
            return until(timeout, "an error or route " + route + " " + state, d -> {
                for (WebElement title : d.findElements(ALERT_TITLES)) {
                    WebElement alert = title.findElement(By.xpath("./ancestor::*[contains(@class,'c-alert ')][1]"));
                    if (alert.getAttribute("class").contains("pf-m-danger")) {
                        return "alert: " + title.getText().trim();
                    }
                }
                return state.equals(cell(d, route, "State").getText().trim()) ? "state: " + state : null;
            });
        } catch (TimeoutException e) {
            return "nothing";
        }
    }

    /** Texts of the toasts the console shows now. */
    public List<String> alerts() {
        return driver.findElements(ALERT_TITLES).stream().map(e -> e.getText().trim()).toList();
    }

    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    public Object script(String js) {
        return ((JavascriptExecutor) driver).executeScript(js);
    }

    private static String userMenu(String user) {
        return "//header//*[contains(@class,'menu-toggle__text') and normalize-space()='" + user + "']";
    }

    private static WebElement row(WebDriver d, String route) {
        return d.findElement(By.xpath("//table[@id='camel-routes-table']//tbody/tr[td[@data-label='Name' and normalize-space()='"
                + route + "']]"));
    }

    private static WebElement cell(WebDriver d, String route, String column) {
        return row(d, route).findElement(By.xpath("./td[@data-label='" + column + "']"));
    }

    private static WebElement visible(WebDriver d, By by) {
        return d.findElements(by).stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
    }

    private <T> T until(String what, Function<WebDriver, T> condition) {
        return until(TIMEOUT, what, condition);
    }

    private <T> T until(Duration timeout, String what, Function<WebDriver, T> condition) {
        Wait<WebDriver> wait = new FluentWait<>(driver)
                .withTimeout(timeout)
                .pollingEvery(Duration.ofMillis(250))
                .ignoring(NoSuchElementException.class)
                .ignoring(StaleElementReferenceException.class)
                .withMessage("waiting for " + what + " (" + timeout.toSeconds() + " s)");
        return wait.until(condition);
    }
}
