//! The work rollups: denials by the day they were opened (`work_day`: decided, closed, in how
//! many days, recovered, written off) and open work by the day its age counts from
//! (`open_day`). Triggers on `work_item` (schema v6) keep both in step with every insert,
//! update and delete, inside the same transaction; `work_day.sql` rebuilds them.

/// Rebuilds both work rollups from the work items (also run by the schema v6 migration).
pub const REBUILD: &str = include_str!("work_day.sql");
