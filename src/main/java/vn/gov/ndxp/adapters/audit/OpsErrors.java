package vn.gov.ndxp.adapters.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.UUID;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import vn.gov.ndxp.adapters.exchange.ErrorBodies;
import vn.gov.ndxp.adapters.exchange.NdxpException;
import vn.gov.ndxp.adapters.exchange.NdxpProperties;

/**
 * The NDXP error form for the statistics and operators' endpoints: a parameter of the wrong type,
 * out of range, too long or unknown is 400 client.bad-request naming it, never a 500.
 */
@RestControllerAdvice(assignableTypes = {OpsController.class, OpsEndpoint.class})
public class OpsErrors {

    private static final MediaType PROBLEM = MediaType.valueOf("application/problem+json");

    private final ObjectMapper json;
    private final NdxpProperties ndxp;

    public OpsErrors(ObjectMapper json, NdxpProperties ndxp) {
        this.json = json;
        this.ndxp = ndxp;
    }

    @ExceptionHandler(NdxpException.class)
    ResponseEntity<byte[]> ndxp(NdxpException e) {
        String txId = UUID.randomUUID().toString();
        return ResponseEntity.status(e.status()).contentType(PROBLEM)
                .header(ndxp.getHeaders().getError(), e.category())
                .header(ndxp.getHeaders().getTransactionId(), txId)
                .body(ErrorBodies.problemBody(json, e, txId));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<byte[]> typeMismatch(MethodArgumentTypeMismatchException e) {
        Class<?> type = e.getRequiredType();
        String what = type == null ? "a valid value" : type == boolean.class || type == Boolean.class ? "true or false"
                : Number.class.isAssignableFrom(type) || type.isPrimitive() ? "a whole number" : "a " + type.getSimpleName();
        return ndxp(NdxpException.badRequest(e.getName(), "must be " + what));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<byte[]> missing(MissingServletRequestParameterException e) {
        return ndxp(NdxpException.badRequest(e.getParameterName(), "is required"));
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<byte[]> invalid(HandlerMethodValidationException e) {
        var result = e.getParameterValidationResults().get(0);
        String name = result.getMethodParameter().getParameterName();
        var requestParam = result.getMethodParameter().getParameterAnnotation(RequestParam.class);
        if (requestParam != null && !requestParam.name().isEmpty()) {
            name = requestParam.name();
        }
        MessageSourceResolvable error = result.getResolvableErrors().get(0);
        return ndxp(NdxpException.badRequest(name, "invalid: " + error.getDefaultMessage()));
    }
}
