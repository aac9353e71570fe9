package vn.gov.ndxp.adapters.capture;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.component.sql.DefaultSqlEndpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * Poll strategy (bean {@code transactedPoll}) for any {@code sql:} consumer of a database adapter:
 * {@code pollStrategy: "#transactedPoll"} with {@code transacted: true}. Each poll is one database
 * transaction on the endpoint's own data source: the query, the processing of what it returned and its
 * {@code onConsume} statement. A query that locks its rows ({@code FOR UPDATE SKIP LOCKED}) so holds
 * them until the batch is done: other consumers and instances skip them, the batch is marked done with
 * one write per row, and a failed batch or a killed instance (kill -9: the connection drops) rolls back
 * and leaves the rows to be taken again at once. Each poll thread has its own transaction, so a route
 * may poll with several threads ({@code scheduler.concurrentConsumers}).
 */
public class TransactedPoll implements PollingConsumerPollStrategy {

    private final Map<DataSource, DataSourceTransactionManager> managers = new ConcurrentHashMap<>();
    private final ThreadLocal<Poll> current = new ThreadLocal<>();

    private record Poll(DataSourceTransactionManager manager, TransactionStatus status) {
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        if (!(endpoint instanceof DefaultSqlEndpoint sql)) {
            throw new IllegalArgumentException("transactedPoll serves sql: consumers, not " + endpoint.getEndpointUri());
        }
        DataSourceTransactionManager manager = managers.computeIfAbsent(sql.getJdbcTemplate().getDataSource(), ds -> {
            DataSourceTransactionManager m = new DataSourceTransactionManager(ds);
            // bind only this data source's connection: what the route writes elsewhere (dead letters in the
            // runtime's database) keeps its own connections and commits
            m.setTransactionSynchronization(AbstractPlatformTransactionManager.SYNCHRONIZATION_NEVER);
            return m;
        });
        current.set(new Poll(manager, manager.getTransaction(new DefaultTransactionDefinition())));
        return true;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        Poll poll = current.get();
        current.remove();
        if (poll != null) {
            poll.manager().commit(poll.status());
        }
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        Poll poll = current.get();
        current.remove();
        if (poll != null && !poll.status().isCompleted()) {
            poll.manager().rollback(poll.status());
        }
        return false;    // not at once: the consumer reports the failure and polls again after its delay
    }
}
