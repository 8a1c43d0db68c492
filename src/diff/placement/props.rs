//! Property tests over random clusters, assignments and requests, from a seeded splitmix64 generator (no crate
//! needed): every failure names its seed, and `PLACEMENT_SEED=<seed>` replays that one case.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::replicas::PlacementRule;

use super::tests::Case;
use super::{BrokerInfo, Load, PartitionNow, PlacementError, TopicPlacement, place_topic};

const CASES: u64 = 600;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// In `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, numerator: u64, denominator: u64) -> bool {
        self.next() % denominator < numerator
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

struct Scenario {
    case: Case,
    topics: Vec<Vec<PartitionNow>>,
}

/// A scenario is its request, plus the topics placed under it.
impl std::ops::Deref for Scenario {
    type Target = Case;

    fn deref(&self) -> &Case {
        &self.case
    }
}

impl Scenario {
    fn eligible(&self) -> Vec<i32> {
        self.brokers
            .iter()
            .map(|b| b.id)
            .filter(|b| !self.drained.contains(b))
            .collect()
    }

    /// Computed here, not by the module: a live broker's rack, else the broker itself.
    fn rack(&self, broker: i32) -> String {
        match self
            .brokers
            .iter()
            .find(|b| b.id == broker)
            .and_then(|b| b.rack.as_ref())
        {
            Some(rack) => format!("rack {rack}"),
            None => format!("broker {broker}"),
        }
    }

    fn racks(&self, brokers: &[i32]) -> BTreeSet<String> {
        brokers.iter().map(|&b| self.rack(b)).collect()
    }

    /// Place every topic in order on one load seeded with all of them: the results, and the final load.
    fn place_all(&self, seed: u64) -> (Vec<TopicPlacement>, Load) {
        let mut load = Load::default();
        for t in &self.topics {
            load.count(t);
        }
        let mut results = Vec::new();
        for t in &self.topics {
            let mut twin = load.clone();
            let result = place_topic(&self.request(), t, &mut load).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
            let again = place_topic(&self.request(), t, &mut twin).unwrap();
            assert_eq!(result, again, "seed {seed}: a cloned load gives another placement");
            assert_eq!(load, twin, "seed {seed}: a cloned load ends elsewhere");
            results.push(result);
        }
        (results, load)
    }
}

/// Brokers 1..=12 (ids with gaps) on up to 3 racks, some without; some drained (rarely all); replicas on live,
/// drained and gone brokers; ISRs that contain the leader.
fn scenario(seed: u64, rf_beyond_eligible: bool) -> Scenario {
    let mut rng = Rng(seed);
    let mut ids: Vec<i32> = (0..20).collect();
    rng.shuffle(&mut ids);
    ids.truncate(1 + rng.below(12));
    ids.sort_unstable();
    let rack_count = rng.below(4);
    let brokers: Vec<BrokerInfo> = ids
        .iter()
        .map(|&id| BrokerInfo {
            id,
            rack: (rack_count > 0 && !rng.chance(1, 6)).then(|| format!("r{}", rng.below(rack_count))),
        })
        .collect();
    let mut drained: BTreeSet<i32> = ids.iter().copied().filter(|_| rng.chance(1, 5)).collect();
    if rng.chance(1, 10) {
        drained.insert(90); // drained, and not live
    }
    let eligible = ids.iter().filter(|b| !drained.contains(b)).count();
    let rf = if rf_beyond_eligible {
        eligible + 1 + rng.below(2)
    } else {
        if eligible == 0 {
            drained.remove(&ids[0]);
        }
        let eligible = eligible.max(1);
        1 + rng.below(eligible.min(5))
    };
    let rule = if rng.chance(1, 4) {
        PlacementRule::Any
    } else {
        PlacementRule::RackSpread
    };
    let (fix_rule, balance_leaders) = (rng.chance(1, 2), rng.chance(1, 2));
    let mut pool = ids.clone();
    pool.extend([90, 91]); // 90 drained when drained, 91 never live
    let topics = (0..1 + rng.below(3))
        .map(|_| {
            (0..rng.below(7) as i32)
                .map(|partition| {
                    rng.shuffle(&mut pool);
                    let size = rng.below(pool.len().min(5) + 1);
                    let replicas: Vec<i32> = pool[..size].to_vec();
                    let leader = (!replicas.is_empty() && !rng.chance(1, 8)).then(|| replicas[rng.below(size)]);
                    let isr = replicas
                        .iter()
                        .copied()
                        .filter(|&b| Some(b) == leader || rng.chance(1, 2))
                        .collect();
                    PartitionNow {
                        partition,
                        replicas,
                        isr,
                        leader,
                        bytes: rng.below(1_000_000) as u64,
                    }
                })
                .collect()
        })
        .collect();
    Scenario {
        case: Case {
            brokers,
            drained,
            rule,
            rf,
            fix_rule,
            balance_leaders,
        },
        topics,
    }
}

fn seeds() -> Vec<u64> {
    match std::env::var("PLACEMENT_SEED") {
        Ok(seed) => vec![seed.parse().expect("PLACEMENT_SEED: a number")],
        Err(_) => (0..CASES).map(|i| 0x5eed_0000 + i).collect(),
    }
}

#[test]
fn random_placements_hold_the_invariants() {
    let mut moved = 0;
    let mut swapped = 0;
    for seed in seeds() {
        let s = scenario(seed, false);
        let (results, load) = s.place_all(seed);
        let (again, load_again) = s.place_all(seed);
        assert_eq!(results, again, "seed {seed}: not deterministic");
        assert_eq!(load, load_again, "seed {seed}: load not deterministic");

        let eligible = s.eligible();
        let available = s.racks(&eligible);
        let mut expected_load = Load::default();
        for (topic, result) in s.topics.iter().zip(&results) {
            let partitions: Vec<i32> = result.moves.iter().map(|m| m.partition).collect();
            assert!(
                partitions.windows(2).all(|w| w[0] < w[1]),
                "seed {seed}: moves not sorted"
            );
            let mut after = Vec::new();
            for p in topic {
                let old = &p.replicas;
                let moved_to = result.moves.iter().find(|m| m.partition == p.partition);
                let new = moved_to.map_or(old, |m| &m.to);
                let ctx = format!("seed {seed}: partition {} {old:?} -> {new:?}, rf {}", p.partition, s.rf);
                if let Some(m) = moved_to {
                    assert_eq!(&m.from, old, "{ctx}");
                    assert_ne!(&m.to, old, "{ctx}: a move that changes nothing");
                    moved += 1;
                }
                let set: BTreeSet<i32> = new.iter().copied().collect();
                assert_eq!(set.len(), new.len(), "{ctx}: a broker twice");
                assert_eq!(new.len(), s.rf, "{ctx}: not rf replicas");
                assert!(
                    new.iter().all(|b| !s.drained.contains(b)),
                    "{ctx}: a replica on a drained broker"
                );

                // Minimal moves.
                let kept: Vec<i32> = old.iter().copied().filter(|b| !s.drained.contains(b)).collect();
                let on_drained = old.len() - kept.len();
                let kept_racks = s.racks(&kept);
                let achievable = if kept.len() >= s.rf {
                    s.rf.min(kept_racks.len())
                } else {
                    kept_racks.len() + (s.rf - kept.len()).min(available.difference(&kept_racks).count())
                };
                let spread = s.racks(new).len();
                let swaps = if s.fix_rule && s.rule == PlacementRule::RackSpread {
                    s.rf.min(available.len()).saturating_sub(achievable)
                } else {
                    0
                };
                let added = new.iter().filter(|b| !old.contains(b)).count();
                let removed = old.iter().filter(|b| !new.contains(b)).count();
                assert_eq!(added, s.rf.saturating_sub(kept.len()) + swaps, "{ctx}: added");
                assert_eq!(
                    removed,
                    on_drained + kept.len().saturating_sub(s.rf) + swaps,
                    "{ctx}: removed"
                );
                swapped += swaps;

                // The spread: as wide as the minimal moves allow, and as the rule asks with `fix_rule`.
                if s.rule == PlacementRule::RackSpread {
                    assert_eq!(spread, achievable + swaps, "{ctx}: spread");
                    if s.fix_rule {
                        assert!(spread >= s.rf.min(available.len()), "{ctx}: rule not fixed");
                    }
                }
                let violates = s.rule == PlacementRule::RackSpread && spread < s.rf.min(available.len());
                assert_eq!(result.violations.contains(&p.partition), violates, "{ctx}: violations");

                // An in-sync replica survives; the leader keeps leading when it stays.
                let in_sync: Vec<i32> = kept.iter().copied().filter(|b| p.isr.contains(b)).collect();
                if !in_sync.is_empty() {
                    assert!(
                        in_sync.iter().any(|b| set.contains(b)),
                        "{ctx}: every in-sync replica gone"
                    );
                }
                let old_set: BTreeSet<i32> = old.iter().copied().collect();
                if let Some(leader) = p.leader.filter(|l| set.contains(l) && old_set != set) {
                    assert_eq!(new[0], leader, "{ctx}: leader {leader} does not lead");
                }
                if old_set == set {
                    assert!(moved_to.is_none(), "{ctx}: a reorder alone");
                }
                after.push(PartitionNow {
                    replicas: new.clone(),
                    ..p.clone()
                });
            }
            expected_load.count(&after);
        }
        assert_eq!(load, expected_load, "seed {seed}: the load is not the placed cluster's");
    }
    // The generator reaches the interesting cases.
    if std::env::var("PLACEMENT_SEED").is_err() {
        assert!(moved > 300, "{moved} moves");
        assert!(swapped > 20, "{swapped} swaps");
    }
}

#[test]
fn random_requests_beyond_the_eligible_brokers_fail() {
    for seed in seeds() {
        let s = scenario(seed, true);
        let available = s.eligible().len();
        for topic in &s.topics {
            let mut load = Load::default();
            load.count(topic);
            let before = load.clone();
            assert_eq!(
                place_topic(&s.request(), topic, &mut load),
                Err(PlacementError::NotEnoughBrokers {
                    needed: s.rf,
                    available
                }),
                "seed {seed}"
            );
            assert_eq!(load, before, "seed {seed}: a failed placement changed the load");
        }
    }
}

#[test]
fn leaders_spread_when_balanced() {
    // Placing many new partitions with balance_leaders spreads the preferred leaders evenly.
    let brokers: Vec<BrokerInfo> = (0..6)
        .map(|id| BrokerInfo {
            id,
            rack: Some(format!("r{}", id % 3)),
        })
        .collect();
    let case = Case {
        brokers,
        drained: BTreeSet::new(),
        rule: PlacementRule::RackSpread,
        rf: 3,
        fix_rule: false,
        balance_leaders: true,
    };
    let parts: Vec<PartitionNow> = (0..60)
        .map(|partition| PartitionNow {
            partition,
            replicas: vec![],
            isr: vec![],
            leader: None,
            bytes: 0,
        })
        .collect();
    let mut load = Load::default();
    place_topic(&case.request(), &parts, &mut load).unwrap();
    let expected: BTreeMap<i32, usize> = (0..6).map(|b| (b, 10)).collect();
    assert_eq!(load.leaders, expected);
    let expected: BTreeMap<i32, usize> = (0..6).map(|b| (b, 30)).collect();
    assert_eq!(load.replicas, expected);
}
