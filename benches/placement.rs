//! The pure replica placement at scale: 10,000 topics x 12 partitions on 12 brokers in 3 racks, placed with
//! RF 2, then one plan that raises every topic to RF 3 and drains broker 11. Times seeding the load and placing
//! every topic (median of 5) and fails over 1 s, or when the replicas added are not exactly the ones required.
//! No cluster needed: `CARGO_BUILD_JOBS=1 cargo bench --bench placement`.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use topicctl::diff::placement::{BrokerInfo, Load, PartitionNow, Request, place_topic};
use topicctl::model::replicas::PlacementRule;

const TOPICS: usize = 10_000;
const PARTITIONS: i32 = 12;
const BROKERS: i32 = 12;
const RACKS: i32 = 3;
const DRAINED: i32 = 11;
const ROUNDS: usize = 5;
const TARGET: Duration = Duration::from_secs(1);

fn request<'a>(brokers: &'a [BrokerInfo], drained: &'a BTreeSet<i32>, rf: usize) -> Request<'a> {
    Request {
        brokers,
        drained,
        rule: PlacementRule::RackSpread,
        replication_factor: rf,
        fix_rule: false,
        balance_leaders: true,
    }
}

/// Every topic placed from nothing to RF 2 by the algorithm itself (so the cluster starts balanced), in sync and
/// led by its preferred leader. Sizes vary from 1 to 1,000 MB.
fn placed_cluster(brokers: &[BrokerInfo]) -> Vec<Vec<PartitionNow>> {
    let none = BTreeSet::new();
    let mut load = Load::default();
    (0..TOPICS)
        .map(|t| {
            let empty: Vec<PartitionNow> = (0..PARTITIONS)
                .map(|partition| PartitionNow {
                    partition,
                    replicas: vec![],
                    isr: vec![],
                    leader: None,
                    bytes: ((t as u64 * 12 + partition as u64) * 7919 % 1000 + 1) * 1_000_000,
                })
                .collect();
            let placed = place_topic(&request(brokers, &none, 2), &empty, &mut load).expect("rf 2 fits");
            assert_eq!(placed.moves.len(), empty.len());
            empty
                .into_iter()
                .zip(placed.moves)
                .map(|(p, m)| PartitionNow {
                    isr: m.to.clone(),
                    leader: m.to.first().copied(),
                    replicas: m.to,
                    ..p
                })
                .collect()
        })
        .collect()
}

fn main() {
    let brokers: Vec<BrokerInfo> = (0..BROKERS)
        .map(|id| BrokerInfo {
            id,
            rack: Some(format!("rack-{}", id / (BROKERS / RACKS))),
        })
        .collect();
    let topics = placed_cluster(&brokers);
    let drained: BTreeSet<i32> = [DRAINED].into();

    // Independent of the algorithm: each partition keeps its replicas off the drained broker and gains the rest.
    let required: usize = topics
        .iter()
        .flatten()
        .map(|p| 3 - (2 - p.replicas.iter().filter(|&&b| b == DRAINED).count()))
        .sum();

    let mut times = Vec::with_capacity(ROUNDS);
    let mut added = 0;
    let mut load = Load::default();
    for _ in 0..ROUNDS {
        let started = Instant::now();
        load = Load::default();
        for t in &topics {
            load.count(t);
        }
        added = 0;
        for t in &topics {
            let placed = place_topic(&request(&brokers, &drained, 3), t, &mut load).expect("rf 3 fits");
            added += placed.moves.iter().map(|m| m.adding().len()).sum::<usize>();
        }
        times.push(started.elapsed());
    }
    times.sort();
    let median = times[ROUNDS / 2];
    println!(
        "placement: {TOPICS} topics x {PARTITIONS} partitions, {BROKERS} brokers / {RACKS} racks, rf 2->3 + drain 1 \
         broker: {:.2} s (median of {ROUNDS}, min {:.2} s, max {:.2} s); replicas added {added} = required {required}",
        median.as_secs_f64(),
        times[0].as_secs_f64(),
        times[ROUNDS - 1].as_secs_f64(),
    );
    let per_broker: Vec<usize> = (0..BROKERS).map(|b| load.replicas_on(b)).collect();
    let leaders: Vec<usize> = (0..BROKERS).map(|b| load.leaders_on(b)).collect();
    println!("placement: replicas per broker after {per_broker:?}, preferred leaders {leaders:?}");
    assert_eq!(added, required, "replicas added differ from the replicas required");
    assert_eq!(load.replicas_on(DRAINED), 0, "replicas left on the drained broker");
    assert!(
        median <= TARGET,
        "placement took {median:?} (median), over the {TARGET:?} target"
    );
}
