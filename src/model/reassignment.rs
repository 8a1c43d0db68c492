//! Partition reassignments in progress.

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Reassignment {
    pub topic: String,
    pub partition: i32,
    pub replicas: Vec<i32>,
    pub adding: Vec<i32>,
    pub removing: Vec<i32>,
}
