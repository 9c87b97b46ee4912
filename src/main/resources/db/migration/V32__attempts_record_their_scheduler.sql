-- An attempt says which scheduler set its due date: 'fsrs' (then fsrs_due_at, the FSRS-6 card's due date after it) or
-- 'sm2' (due_at, as before). Attempts recorded before FSRS-6 have neither: SM-2 scheduled them. SM-2's state is kept
-- on every attempt whichever the scheduler (ease_*, interval_days_*, repetitions_*, due_at), so a learner can switch.
ALTER TABLE attempts ADD COLUMN scheduler text CHECK (scheduler IN ('fsrs', 'sm2'));
ALTER TABLE attempts ADD COLUMN fsrs_due_at timestamptz;
