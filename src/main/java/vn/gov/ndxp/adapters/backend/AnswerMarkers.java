package vn.gov.ndxp.adapters.backend;

import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.interceptor.Soap11FaultInInterceptor;
import org.apache.cxf.binding.soap.interceptor.Soap12FaultInInterceptor;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import vn.gov.ndxp.adapters.adapter.BackendAnswers;

/** The interceptors a SOAP backend's endpoint gets so that its failures say where they came from (adapter.BackendAnswers). */
final class AnswerMarkers {

    private AnswerMarkers() {
    }

    /**
     * First of the reply's chain and of its fault chain: whatever fails after it while the reply (or the
     * fault the backend sent) is read (not XML, truncated, no envelope) unwinds through {@link #handleFault}
     * and is marked unreadable. A readable fault leaves the reply's chain for the fault chain without failing.
     */
    static final class ReplyRead extends AbstractPhaseInterceptor<Message> {
        ReplyRead() {
            super(Phase.RECEIVE);
        }

        @Override
        public void handleMessage(Message message) {
            // nothing: this interceptor only marks failures while the reply is read
        }

        @Override
        public void handleFault(Message message) {
            Exception e = message.getContent(Exception.class);
            if (e != null && !(e instanceof BackendAnswers.Unreadable)) {
                message.setContent(Exception.class, new BackendAnswers.Unreadable(e));
            }
        }
    }

    /** In the fault chain, once CXF has read the fault the backend sent: marks it as received. */
    static final class FaultReceived extends AbstractPhaseInterceptor<Message> {
        FaultReceived() {
            super(Phase.UNMARSHAL);
            addAfter(Soap11FaultInInterceptor.class.getName());
            addAfter(Soap12FaultInInterceptor.class.getName());
        }

        @Override
        public void handleMessage(Message message) throws Fault {
            Exception e = message.getContent(Exception.class);
            if (e instanceof SoapFault f && !(f instanceof BackendAnswers.ReceivedFault)) {
                message.setContent(Exception.class, new BackendAnswers.ReceivedFault(f));
            }
        }
    }
}
