-- An agent's --priority: when several agents wait for work, a job goes to the highest one.
ALTER TABLE agents ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
