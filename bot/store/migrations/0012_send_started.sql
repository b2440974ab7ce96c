-- A notice's send begun (docs/workers.md): written with the claim's last check, right before
-- the channel is called, by the worker that calls it (epoch milliseconds from its clock). A
-- worker that takes the notice over finds it there: while that worker is alive (its heartbeat
-- lease) it is stalled, not dead, and records the send itself; the notice is not sent again.
ALTER TABLE notifications ADD COLUMN send_started_at BIGINT;
ALTER TABLE notifications ADD COLUMN send_started_by TEXT;
