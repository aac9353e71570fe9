package vn.gov.ndxp.adapters.inbound;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodParameter;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.mvc.method.annotation.DeferredResultMethodReturnValueHandler;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * platform-http's handler returns a CompletableFuture, which Spring MVC answers with an asynchronous
 * dispatch: the whole filter chain and the handler adapter run a second time for every request (a
 * quarter of a request thread's CPU in the profile in docs/benchmarks.md). The runtime processes
 * platform-http requests on the container thread (InboundConfiguration's engine), so the future is
 * already complete when it is returned: the exchange has written its response, and the request ends
 * there. A future that is not complete (another engine) keeps Spring's asynchronous handling.
 */
final class CompletedPlatformHttpReplies implements HandlerMethodReturnValueHandler {

    private final HandlerMethodReturnValueHandler async = new DeferredResultMethodReturnValueHandler();

    /** Puts the handler first among the adapter's return value handlers. */
    static BeanPostProcessor installer() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof RequestMappingHandlerAdapter adapter && adapter.getReturnValueHandlers() != null) {
                    List<HandlerMethodReturnValueHandler> handlers = new ArrayList<>(adapter.getReturnValueHandlers());
                    handlers.add(0, new CompletedPlatformHttpReplies());
                    adapter.setReturnValueHandlers(handlers);
                }
                return bean;
            }
        };
    }

    @Override
    public boolean supportsReturnType(MethodParameter returnType) {
        return SpringBootPlatformHttpConsumer.class.isAssignableFrom(returnType.getContainingClass())
                && CompletableFuture.class.isAssignableFrom(returnType.getParameterType());
    }

    @Override
    public void handleReturnValue(Object returnValue, MethodParameter returnType, ModelAndViewContainer mav,
                                  NativeWebRequest request) throws Exception {
        if (returnValue instanceof CompletableFuture<?> f && f.isDone()) {
            try {
                f.get();
            } catch (ExecutionException e) {
                // the consumer answers its own failures; what escapes is the container's to answer
                throw e.getCause() instanceof Exception ex ? ex : e;
            }
            mav.setRequestHandled(true);
            return;
        }
        async.handleReturnValue(returnValue, returnType, mav, request);
    }
}
