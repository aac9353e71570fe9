package vn.gov.ndxp.adapters.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import javax.management.ObjectName;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** The policy table per console role, as Jolokia's restrictor decides it. */
class ConsoleRestrictorTest {

    private static final String ROUTE = "org.apache.camel:context=ndxp-adapters,type=routes,name=\"civil-status-birth-record\"";
    private static final String CONTEXT = "org.apache.camel:context=ndxp-adapters,type=context,name=\"ndxp-adapters\"";

    private final ConsoleRestrictor restrictor = new ConsoleRestrictor();

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    private static void as(String... roles) {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated("u", null,
                List.of(roles).stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList()));
    }

    private boolean exec(String mbean, String operation) throws Exception {
        return restrictor.isOperationAllowed(new ObjectName(mbean), operation);
    }

    @Test
    void withoutARoleNothingIsAllowed() throws Exception {
        assertThat(restrictor.isTypeAllowed(RequestType.VERSION)).isFalse();
        assertThat(restrictor.isTypeAllowed(RequestType.READ)).isFalse();
        assertThat(restrictor.isHttpMethodAllowed(HttpMethod.POST)).isFalse();
        assertThat(restrictor.isRemoteAccessAllowed("127.0.0.1")).isFalse();
        assertThat(restrictor.isAttributeReadAllowed(new ObjectName(ROUTE), "State")).isFalse();
        assertThat(exec(CONTEXT, "dumpRoutesAsXml()")).isFalse();
        as("someone-else");
        assertThat(restrictor.isTypeAllowed(RequestType.READ)).isFalse();
    }

    @Test
    void theViewerReadsAndCallsOnlyNamedReadOperations() throws Exception {
        as("viewer");
        assertThat(restrictor.isRemoteAccessAllowed("127.0.0.1", "localhost")).isTrue();
        assertThat(restrictor.isHttpMethodAllowed(HttpMethod.GET)).isTrue();
        for (RequestType t : List.of(RequestType.READ, RequestType.LIST, RequestType.SEARCH, RequestType.VERSION)) {
            assertThat(restrictor.isTypeAllowed(t)).as("%s", t).isTrue();
        }
        for (RequestType t : List.of(RequestType.WRITE, RequestType.EXEC, RequestType.NOTIFICATION)) {
            assertThat(restrictor.isTypeAllowed(t)).as("%s", t).isFalse();
        }
        assertThat(restrictor.isAttributeReadAllowed(new ObjectName(ROUTE), "State")).isTrue();
        assertThat(restrictor.isAttributeWriteAllowed(new ObjectName(ROUTE), "Tracing")).isFalse();
        assertThat(restrictor.isAttributeReadAllowed(new ObjectName("java.lang:type=Runtime"), "InputArguments")).isFalse();
        assertThat(exec(CONTEXT, "dumpRoutesAsXml()")).isTrue();
        assertThat(exec(CONTEXT, "dumpRoutesStatsAsXml")).isTrue();
        assertThat(exec(CONTEXT, "dumpRoutesStatsAsXml(boolean,boolean)")).isTrue();
        assertThat(exec(ROUTE, "dumpRouteStatsAsXml(boolean, boolean)")).isTrue();
        assertThat(exec("ndxp:type=Audit", "listDeadLetters")).isTrue();
        // placeholders resolved could show secrets: only the no-argument dumps
        assertThat(exec(CONTEXT, "dumpRoutesAsXml(boolean)")).isFalse();
        assertThat(exec(CONTEXT, "dumpRoutesAsXml")).isFalse();
        assertThat(exec(CONTEXT, "dumpRoutesStatsAsXmlX")).isFalse();
        for (String op : List.of("stop", "stop()", "suspend()", "start()", "remove()", "stopAndFail()", "updateRouteFromXml")) {
            assertThat(exec(ROUTE, op)).as(op).isFalse();
        }
        assertThat(exec(CONTEXT, "sendBody(java.lang.String,java.lang.Object)")).isFalse();
        assertThat(exec("ndxp:type=Audit", "replayDeadLetter(long)")).isFalse();
        assertThat(exec("ndxp:type=Adapters", "setMaintenance")).isFalse();
        jdkManagementIsRefused();
        assertThat(exec("java.lang:type=Threading", "dumpAllThreads(boolean,boolean)")).isFalse();
    }

    @Test
    void theOperatorAlsoRunsLifecycleButNoJdkManagementAndOnlyByPost() throws Exception {
        as("operator");
        assertThat(restrictor.isHttpMethodAllowed(HttpMethod.POST)).isTrue();
        assertThat(restrictor.isHttpMethodAllowed(HttpMethod.GET)).isFalse();
        assertThat(restrictor.isTypeAllowed(RequestType.WRITE)).isFalse();
        assertThat(restrictor.isAttributeWriteAllowed(new ObjectName(ROUTE), "Tracing")).isFalse();
        for (String op : List.of("stop", "stop()", "start", "start()", "suspend()", "resume()", "restart()")) {
            assertThat(exec(ROUTE, op)).as(op).isTrue();
        }
        assertThat(exec(CONTEXT, "stop()")).isTrue();
        assertThat(exec(ROUTE, "remove()")).isFalse();
        assertThat(exec(ROUTE, "updateRouteFromXml(java.lang.String)")).isFalse();
        assertThat(exec(CONTEXT, "sendBody(java.lang.String,java.lang.Object)")).isFalse();
        assertThat(exec(CONTEXT, "createEndpoint(java.lang.String)")).isFalse();
        assertThat(exec("ndxp:type=Audit", "replayDeadLetter(long)")).isTrue();
        assertThat(exec("ndxp:type=Adapters", "setMaintenance")).isTrue();
        assertThat(exec("java.lang:type=Threading", "dumpAllThreads(boolean, boolean)")).isTrue();
        jdkManagementIsRefused();
        as("viewer", "operator");
        assertThat(restrictor.isHttpMethodAllowed(HttpMethod.GET)).as("operator and viewer: the operator's policy").isFalse();
    }

    private void jdkManagementIsRefused() throws Exception {
        assertThat(exec("com.sun.management:type=HotSpotDiagnostic", "dumpHeap")).isFalse();
        assertThat(exec("com.sun.management:type=HotSpotDiagnostic", "dumpHeap(java.lang.String,boolean)")).isFalse();
        assertThat(exec("com.sun.management:type=HotSpotDiagnostic", "setVMOption")).isFalse();
        assertThat(exec("com.sun.management:type=DiagnosticCommand", "gcHeapDump(java.lang.String[])")).isFalse();
        assertThat(exec("jdk.management.jfr:type=FlightRecorder", "newRecording()")).isFalse();
        assertThat(exec("java.lang:type=Memory", "gc")).isFalse();
        assertThat(exec("java.lang:type=Memory", "gc()")).isFalse();
        assertThat(exec("JMImplementation:type=MBeanServerDelegate", "anything")).isFalse();
        assertThat(exec("jolokia:type=Config", "debugInfo")).isFalse();
    }

    @Test
    void corsOnlyForTheConfiguredOrigins() {
        ConsoleRestrictor.allowedOrigins = Set.of("https://console.example");
        try {
            assertThat(restrictor.isOriginAllowed("https://console.example", false)).isTrue();
            assertThat(restrictor.isOriginAllowed("https://evil.example", false)).isFalse();
            assertThat(restrictor.isOriginAllowed("null", false)).isFalse();
        } finally {
            ConsoleRestrictor.allowedOrigins = Set.of();
        }
    }
}
