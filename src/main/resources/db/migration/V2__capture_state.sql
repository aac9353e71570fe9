-- Watermark capture (databases that cannot be changed at all): where each flow has got to, which
-- instance holds it, and what was recently emitted so a rescan behind the watermark can find rows
-- committed late with an older timestamp without sending the others again.
CREATE TABLE ndxp_capture_state (
    adapter      VARCHAR(64)  NOT NULL,
    flow         VARCHAR(64)  NOT NULL,
    last_ts      TIMESTAMPTZ  NOT NULL,
    last_key     VARCHAR(200) NOT NULL,
    started_at   TIMESTAMPTZ  NOT NULL,
    owner        VARCHAR(100),
    lease_until  TIMESTAMPTZ,
    PRIMARY KEY (adapter, flow)
);

CREATE TABLE ndxp_capture_seen (
    adapter      VARCHAR(64)  NOT NULL,
    flow         VARCHAR(64)  NOT NULL,
    record_key   VARCHAR(200) NOT NULL,
    version      TIMESTAMPTZ  NOT NULL,
    seen_at      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (adapter, flow, record_key, version)
);
