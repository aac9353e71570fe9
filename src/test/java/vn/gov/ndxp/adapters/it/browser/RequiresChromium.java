package vn.gov.ndxp.adapters.it.browser;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

/**
 * Class-level condition, evaluated before the Spring context starts: without Chromium the tests are
 * skipped with a message saying how to install it, except on CI (CI=true), where that is a failure.
 */
public final class RequiresChromium implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Browser.chromiumInstalled()) {
            return ConditionEvaluationResult.enabled("Chromium and chromedriver are installed");
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionFailedError(Browser.INSTALL + " (CI=true: the console test is never skipped on CI)");
        }
        System.err.println(context.getDisplayName() + " skipped. " + Browser.INSTALL);
        return ConditionEvaluationResult.disabled(Browser.INSTALL);
    }
}
