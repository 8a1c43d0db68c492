//! The replicas diff on hand-made layouts: what is planned, blocked, noted, awaited and cleaned up.

use std::collections::BTreeSet;

use crate::diff::tests::{state, topic};
use crate::diff::{BlockedReason, ChangeKind, NoteKind, Options, Plan, plan};
use crate::model::broker::Broker;
use crate::model::layout::TopicThrottles;
use crate::model::reassignment::Reassignment;
use crate::model::state::State;
use crate::model::topic_description::PartitionInfo;

const T: &str = "shop.orders";

/// Brokers 1..=3 in racks a, b, c; `T` with one partition on `replicas`, 1 GiB, written at `rate` bytes/s.
fn live(rf: i16, replicas: &[i32], config: &[(&str, &str)], rate: f64) -> State {
    let mut s = state(vec![topic(T, 1, rf, config)]);
    s.layout.brokers = (1..=3)
        .map(|id| Broker {
            id,
            host: "h".into(),
            port: 9092,
            rack: Some(format!("rack-{id}")),
        })
        .collect();
    s.layout.partitions.insert(
        T.into(),
        vec![PartitionInfo {
            partition: 0,
            leader: replicas.first().copied(),
            replicas: replicas.to_vec(),
            isr: replicas.to_vec(),
            offline: vec![],
        }],
    );
    let key = (T.to_owned(), 0);
    s.layout
        .sizes
        .insert(key.clone(), replicas.iter().map(|b| (*b, 1u64 << 30)).collect());
    s.layout.write_rates.insert(key, rate);
    s
}

fn run(live: &State, rf: i16, config: &[(&str, &str)], tweak: impl FnOnce(&mut Options)) -> Plan {
    let mut options = Options {
        environment: "dev".into(),
        ..Options::default()
    };
    tweak(&mut options);
    plan(live, &state(vec![topic(T, 1, rf, config)]), &options)
}

#[test]
fn a_replication_factor_increase_is_a_reassignment_with_bytes_and_eta() {
    let p = run(&live(1, &[1], &[], 0.0), 3, &[], |_| {});
    assert!(p.blocked.is_empty(), "{:?}", p.blocked);
    let [change] = &p.changes[..] else {
        panic!("{:?}", p.changes)
    };
    let ChangeKind::Reassign(m) = &change.kind else {
        panic!("{change:?}")
    };
    assert_eq!(m.replication_factor, Some((1, 3)));
    assert_eq!(
        m.moves[0].to.iter().copied().collect::<BTreeSet<_>>(),
        BTreeSet::from([1, 2, 3])
    );
    assert_eq!(m.bytes, 2 << 30, "two new replicas of 1 GiB");
    // Each receiving broker copies 1 GiB at 50 MiB/s: 21 s (rounded up).
    assert_eq!(m.eta_secs, Some(21));
    assert_eq!(p.estimate.as_ref().unwrap().eta_secs, Some(21));
}

#[test]
fn a_throttle_at_or_below_the_write_rate_blocks_the_move() {
    let p = run(&live(1, &[1], &[], 60.0 * 1024.0 * 1024.0), 2, &[], |_| {});
    assert!(
        matches!(p.blocked[..], [ref b] if matches!(b.why, BlockedReason::ThrottleBelowWriteRate { .. })),
        "{:?}",
        p.blocked
    );
    // A higher throttle unblocks it.
    let p = run(&live(1, &[1], &[], 60.0 * 1024.0 * 1024.0), 2, &[], |o| {
        o.replicas.throttle_mib = Some(100)
    });
    assert!(p.blocked.is_empty(), "{:?}", p.blocked);
}

#[test]
fn a_decrease_below_min_insync_is_blocked_and_equal_is_a_note() {
    let isr = [("min.insync.replicas", "2")];
    let p = run(&live(3, &[1, 2, 3], &isr, 0.0), 1, &isr, |_| {});
    assert!(
        matches!(p.blocked[..], [ref b] if b.why == BlockedReason::BelowMinInsync { to: 1, min_insync: 2 }),
        "{:?}",
        p.blocked
    );
    assert!(p.changes.is_empty());
    let p = run(&live(3, &[1, 2, 3], &isr, 0.0), 2, &isr, |_| {});
    assert!(p.blocked.is_empty());
    assert!(
        p.notes
            .iter()
            .any(|n| n.what == NoteKind::MinInsyncEqualsReplication { replication_factor: 2 })
    );
    let [change] = &p.changes[..] else {
        panic!("{:?}", p.changes)
    };
    let ChangeKind::Reassign(m) = &change.kind else {
        panic!("{change:?}")
    };
    assert_eq!(m.bytes, 0, "a decrease copies nothing");
    assert_eq!(m.moves[0].to[0], 1, "the leader stays");
}

#[test]
fn drift_is_a_note_until_fix_placement_and_a_drain_moves_exactly_the_drained_replica() {
    let mut s = live(2, &[1, 2], &[], 0.0);
    s.layout.brokers[1].rack = Some("rack-1".into());
    let p = run(&s, 2, &[], |_| {});
    assert!(p.changes.is_empty(), "{:?}", p.changes);
    assert!(
        matches!(p.notes[..], [ref n] if matches!(n.what, NoteKind::PlacementDrift { .. })),
        "{:?}",
        p.notes
    );
    let p = run(&s, 2, &[], |o| o.replicas.fix_placement = true);
    let ChangeKind::Reassign(m) = &p.changes[0].kind else {
        panic!("{:?}", p.changes)
    };
    assert_eq!(m.moves[0].to, vec![1, 3]);

    let p = run(&live(2, &[1, 2], &[], 0.0), 2, &[], |o| {
        o.replicas.drain_brokers.insert(2);
    });
    let ChangeKind::Reassign(m) = &p.changes[0].kind else {
        panic!("{:?}", p.changes)
    };
    assert_eq!(m.moves[0].to, vec![1, 3]);
}

#[test]
fn a_reassignment_in_flight_is_awaited_not_planned_again() {
    let mut s = live(1, &[1, 2], &[], 0.0);
    s.topics.get_mut(T).unwrap().replication_factor = 2;
    s.layout.in_flight.insert(
        T.into(),
        vec![Reassignment {
            topic: T.into(),
            partition: 0,
            replicas: vec![1, 2],
            adding: vec![2],
            removing: vec![],
        }],
    );
    s.layout.sizes.get_mut(&(T.to_owned(), 0)).unwrap().insert(2, 1 << 29);
    let p = run(&s, 2, &[], |_| {});
    let [change] = &p.changes[..] else {
        panic!("{:?}", p.changes)
    };
    let ChangeKind::AwaitReassignment(f) = &change.kind else {
        panic!("{change:?}")
    };
    assert_eq!((f.bytes_total, f.bytes_copied), (1 << 30, 1 << 29));
}

#[test]
fn recorded_throttles_are_removed_and_others_only_noted_unless_pruning() {
    let mut s = live(2, &[1, 2], &[], 0.0);
    s.layout.throttles.insert(
        T.into(),
        TopicThrottles {
            leader: BTreeSet::from(["0:1".to_owned(), "0:9".to_owned()]),
            follower: BTreeSet::from(["0:2".to_owned()]),
        },
    );
    s.layout.recorded.topics.insert(
        T.into(),
        TopicThrottles {
            leader: BTreeSet::from(["0:1".to_owned()]),
            follower: BTreeSet::from(["0:2".to_owned()]),
        },
    );
    s.layout.recorded.brokers.insert(1);
    let p = run(&s, 2, &[], |_| {});
    let ChangeKind::RemoveThrottles(r) = &p.changes[0].kind else {
        panic!("{:?}", p.changes)
    };
    assert_eq!(
        r.leader,
        BTreeSet::from(["0:1".to_owned()]),
        "only what topicctl recorded"
    );
    assert!(r.brokers.is_empty());
    // The broker's rate is a change of its own, since nothing moves.
    let broker = &p.changes[1];
    assert_eq!(broker.resource, crate::diff::Resource::Broker("1".into()));
    let ChangeKind::RemoveThrottles(r) = &broker.kind else {
        panic!("{broker:?}")
    };
    assert_eq!(r.brokers, BTreeSet::from([1]));
    assert!(
        p.notes
            .iter()
            .any(|n| n.what == NoteKind::UnrecordedThrottles { leader: 1, follower: 0 })
    );
    let p = run(&s, 2, &[], |o| o.prune = true);
    let ChangeKind::RemoveThrottles(r) = &p.changes[0].kind else {
        panic!("{:?}", p.changes)
    };
    assert_eq!(r.leader.len(), 2, "with --prune, every entry: {r:?}");
}

#[test]
fn serverless_plans_no_moves_and_says_why() {
    let mut s = live(1, &[1], &[], 0.0);
    s.layout.serverless = true;
    let p = run(&s, 3, &[], |_| {});
    assert!(p.changes.is_empty());
    assert!(
        p.notes
            .iter()
            .any(|n| n.what == NoteKind::NoReplicaControl { from: 1, to: 3 })
    );
}
