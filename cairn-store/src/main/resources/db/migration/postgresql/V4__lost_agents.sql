-- Agents that stopped sending heartbeats. last_seen_at is compared as text, so it is rewritten in
-- the fixed-width format the store now writes (Timestamps) on the next heartbeat.
ALTER TABLE agents ADD COLUMN lost BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX agents_silence ON agents (connected, last_seen_at);
