//! The cases of the brief, one behaviour each.

use std::collections::BTreeSet;

use crate::model::replicas::PlacementRule;

use super::{BrokerInfo, Load, PartitionNow, Placed, PlacementError, Request, TopicPlacement, place_topic};

/// Brokers 1..=6 on racks a (1, 2), b (3, 4), c (5, 6).
fn three_racks() -> Vec<BrokerInfo> {
    (1..=6)
        .map(|id| BrokerInfo {
            id,
            rack: Some(["a", "b", "c"][(id as usize - 1) / 2].to_owned()),
        })
        .collect()
}

fn partition(partition: i32, replicas: &[i32], isr: &[i32], leader: Option<i32>) -> PartitionNow {
    PartitionNow {
        partition,
        replicas: replicas.to_vec(),
        isr: isr.to_vec(),
        leader,
        bytes: 1000,
    }
}

/// In sync, led by the first replica.
fn healthy(p: i32, replicas: &[i32]) -> PartitionNow {
    partition(p, replicas, replicas, replicas.first().copied())
}

/// A placement request that owns its brokers and drained set (`Request` borrows them); the property tests use it too.
pub(super) struct Case {
    pub(super) brokers: Vec<BrokerInfo>,
    pub(super) drained: BTreeSet<i32>,
    pub(super) rule: PlacementRule,
    pub(super) rf: usize,
    pub(super) fix_rule: bool,
    pub(super) balance_leaders: bool,
}

impl Case {
    fn new(rf: usize) -> Case {
        Case {
            brokers: three_racks(),
            drained: BTreeSet::new(),
            rule: PlacementRule::RackSpread,
            rf,
            fix_rule: false,
            balance_leaders: false,
        }
    }

    pub(super) fn request(&self) -> Request<'_> {
        Request {
            brokers: &self.brokers,
            drained: &self.drained,
            rule: self.rule,
            replication_factor: self.rf,
            fix_rule: self.fix_rule,
            balance_leaders: self.balance_leaders,
        }
    }

    fn place(&self, partitions: &[PartitionNow], load: &mut Load) -> Result<TopicPlacement, PlacementError> {
        place_topic(&self.request(), partitions, load)
    }

    /// Placed with a load seeded from `partitions`.
    fn run(&self, partitions: &[PartitionNow]) -> TopicPlacement {
        let mut load = Load::default();
        load.count(partitions);
        self.place(partitions, &mut load).expect("placed")
    }
}

fn rack(id: i32) -> &'static str {
    ["a", "b", "c"][(id as usize - 1) / 2]
}

fn placed(partition: i32, from: &[i32], to: &[i32]) -> Placed {
    Placed {
        partition,
        from: from.to_vec(),
        to: to.to_vec(),
    }
}

#[test]
fn rf_2_to_3_on_three_racks_adds_the_missing_rack() {
    let parts = [healthy(0, &[1, 3]), healthy(1, &[3, 1]), healthy(2, &[4, 2])];
    let result = Case::new(3).run(&parts);
    assert_eq!(
        result.moves,
        vec![
            placed(0, &[1, 3], &[1, 3, 5]),
            // Broker 5 has one replica more now: the next partition goes to 6.
            placed(1, &[3, 1], &[3, 1, 6]),
            placed(2, &[4, 2], &[4, 2, 5]),
        ]
    );
    assert!(result.violations.is_empty());
}

#[test]
fn rf_2_to_3_without_racks_spreads_by_load() {
    let mut case = Case::new(3);
    for b in &mut case.brokers {
        b.rack = None;
    }
    let parts = [healthy(0, &[1, 2]), healthy(1, &[3, 4]), healthy(2, &[5, 6])];
    let result = case.run(&parts);
    let added: Vec<Vec<i32>> = result.moves.iter().map(Placed::adding).collect();
    // Every broker holds one replica: the least loaded, then the lowest id (3 holds two after the first).
    assert_eq!(added, vec![vec![3], vec![1], vec![2]]);
}

#[test]
fn rf_3_to_2_removes_an_out_of_sync_replica_first() {
    // Broker 5 is out of sync: it goes, though 3 is more loaded.
    let parts = [partition(0, &[1, 3, 5], &[1, 3], Some(1))];
    let mut load = Load::default();
    load.count(&parts);
    load.count(&[healthy(9, &[3, 4])]);
    let result = Case::new(2).place(&parts, &mut load).unwrap();
    assert_eq!(result.moves, vec![placed(0, &[1, 3, 5], &[1, 3])]);
}

#[test]
fn rf_3_to_2_never_removes_the_leader() {
    // Broker 1 leads (not the preferred leader 3) and is by far the most loaded: it stays, and stays the leader.
    let parts = [partition(0, &[3, 1, 5], &[3, 1, 5], Some(1))];
    let mut load = Load::default();
    load.count(&parts);
    for p in 10..20 {
        load.count(&[healthy(p, &[1, 2])]);
    }
    let result = Case::new(2).place(&parts, &mut load).unwrap();
    assert_eq!(result.moves.len(), 1);
    assert!(result.moves[0].to.contains(&1), "{:?}", result.moves);
    assert_eq!(result.moves[0].to[0], 1, "the current leader leads: {:?}", result.moves);
    assert_eq!(result.moves[0].removing().len(), 1);
}

#[test]
fn rf_3_to_2_never_removes_the_last_in_sync_replica() {
    // Only 5 is in sync (and leads nothing: the leader is gone); 1 and 3 go first.
    let parts = [partition(0, &[1, 3, 5], &[5], None)];
    let result = Case::new(1).run(&parts);
    assert_eq!(result.moves, vec![placed(0, &[1, 3, 5], &[5])]);
}

#[test]
fn drain_moves_exactly_the_drained_replicas_and_keeps_the_spread() {
    let mut case = Case::new(3);
    case.drained = [3].into();
    let parts = [healthy(0, &[1, 3, 5]), healthy(1, &[3, 5, 1]), healthy(2, &[2, 4, 6])];
    let result = case.run(&parts);
    // Broker 4 is the only other broker on rack b.
    assert_eq!(
        result.moves,
        vec![placed(0, &[1, 3, 5], &[1, 5, 4]), placed(1, &[3, 5, 1], &[5, 1, 4])]
    );
    for m in &result.moves {
        assert_eq!(m.removing(), vec![3]);
        let racks: BTreeSet<&str> = m.to.iter().map(|&b| rack(b)).collect();
        assert_eq!(racks.len(), 3, "{m:?}");
    }
    assert!(result.violations.is_empty());
}

#[test]
fn drain_updates_the_load() {
    let mut case = Case::new(2);
    case.drained = [3].into();
    let parts = [healthy(0, &[3, 5]), healthy(1, &[1, 3])];
    let mut load = Load::default();
    load.count(&parts);
    let result = case.place(&parts, &mut load).unwrap();
    let mut expected = Load::default();
    let after: Vec<PartitionNow> = result.moves.iter().map(|m| healthy(m.partition, &m.to)).collect();
    expected.count(&after);
    assert_eq!(load, expected);
    assert!(!load.replicas.contains_key(&3));
}

#[test]
fn drift_without_fix_rule_is_reported_not_moved() {
    // Partitions 0 and 2 sit on one rack each, partition 1 is fine.
    let parts = [healthy(0, &[1, 2]), healthy(1, &[1, 3]), healthy(2, &[3, 4])];
    let result = Case::new(2).run(&parts);
    assert_eq!(result.moves, vec![]);
    assert_eq!(result.violations, vec![0, 2]);
}

#[test]
fn drift_with_fix_rule_swaps_once_per_violating_partition() {
    let mut case = Case::new(2);
    case.fix_rule = true;
    let parts = [
        healthy(0, &[1, 2]),
        healthy(1, &[1, 3]),
        healthy(2, &[3, 4]),
        healthy(3, &[5, 1, 2]),
    ];
    case.rf = 2;
    let result = case.run(&parts[..3]);
    assert!(result.violations.is_empty());
    assert_eq!(result.moves.iter().map(|m| m.partition).collect::<Vec<_>>(), vec![0, 2]);
    for m in &result.moves {
        assert_eq!(m.adding().len(), 1, "{m:?}");
        assert_eq!(m.removing().len(), 1, "{m:?}");
        assert_eq!(m.to[0], m.from[0], "the leader stays: {m:?}");
        assert_ne!(rack(m.to[0]), rack(m.to[1]), "{m:?}");
    }
    // RF 3 on racks a, a, c: one swap to rack b.
    case.rf = 3;
    let result = case.run(&parts[3..]);
    assert_eq!(result.moves.len(), 1);
    assert_eq!(result.moves[0].removing(), vec![2]);
    assert_eq!(rack(result.moves[0].adding()[0]), "b");
}

#[test]
fn not_enough_brokers_is_an_error() {
    let mut case = Case::new(3);
    case.brokers.truncate(3);
    case.drained = [2].into();
    let mut load = Load::default();
    assert_eq!(
        case.place(&[healthy(0, &[1, 2])], &mut load),
        Err(PlacementError::NotEnoughBrokers {
            needed: 3,
            available: 2
        })
    );
    assert_eq!(load, Load::default());
}

#[test]
fn balance_leaders_picks_the_least_leading_broker_when_the_leader_is_drained() {
    let mut case = Case::new(3);
    case.drained = [1].into();
    let parts = [healthy(0, &[1, 3, 5])];
    let mut load = Load::default();
    load.count(&parts);
    // Broker 3 leads 4 partitions, 5 leads 1, 2 (the replacement on rack a) leads 2.
    for (leader, n) in [(3, 4), (5, 1), (2, 2)] {
        for p in 0..n {
            load.count(&[healthy(100 + p, &[leader])]);
        }
    }
    let before = load.clone();
    case.balance_leaders = true;
    let result = case.place(&parts, &mut load).unwrap();
    assert_eq!(result.moves, vec![placed(0, &[1, 3, 5], &[5, 3, 2])]);
    assert_eq!(load.leaders_on(5), 2);
    assert_eq!(load.leaders_on(1), 0);

    // Without it, the first remaining replica of the old order.
    case.balance_leaders = false;
    let mut load = before;
    let result = case.place(&parts, &mut load).unwrap();
    assert_eq!(result.moves, vec![placed(0, &[1, 3, 5], &[3, 5, 2])]);
}

#[test]
fn a_drained_leader_that_is_not_the_preferred_one_hands_over_to_the_preferred() {
    let mut case = Case::new(2);
    case.drained = [3].into();
    case.balance_leaders = true;
    let result = case.run(&[partition(0, &[1, 3], &[1, 3], Some(3))]);
    assert_eq!(result.moves, vec![placed(0, &[1, 3], &[1, 4])]);
}

#[test]
fn nothing_to_do_is_no_move() {
    let case = Case::new(2);
    assert_eq!(case.run(&[]), TopicPlacement::default());
    // Led by the second replica: a reorder alone is no move.
    let parts = [healthy(0, &[1, 3]), partition(1, &[3, 5], &[3, 5], Some(5))];
    assert_eq!(case.run(&parts), TopicPlacement::default());
}

#[test]
fn replicas_on_brokers_that_are_not_live_are_kept() {
    let case = Case::new(3);
    // Broker 42 is not live and not drained: it stays, and counts as a rack of its own.
    let result = case.run(&[healthy(0, &[42, 1])]);
    assert_eq!(result.moves, vec![placed(0, &[42, 1], &[42, 1, 3])]);
    assert!(result.violations.is_empty());
}

#[test]
fn partitions_are_placed_in_partition_order() {
    let case = Case::new(3);
    let forward = case.run(&[healthy(0, &[1, 3]), healthy(1, &[1, 3])]);
    let backward = case.run(&[healthy(1, &[1, 3]), healthy(0, &[1, 3])]);
    assert_eq!(forward, backward);
}

#[test]
fn new_partitions_get_every_replica() {
    let mut case = Case::new(2);
    case.balance_leaders = true;
    let parts: Vec<PartitionNow> = (0..6).map(|p| partition(p, &[], &[], None)).collect();
    let mut load = Load::default();
    let result = case.place(&parts, &mut load).unwrap();
    assert_eq!(result.moves.len(), 6);
    // Two replicas per broker, one preferred leadership each.
    assert!(load.replicas.values().all(|&n| n == 2), "{load:?}");
    assert!(load.leaders.values().all(|&n| n == 1), "{load:?}");
    for m in &result.moves {
        assert_ne!(rack(m.to[0]), rack(m.to[1]), "{m:?}");
    }
}
